"""Account pages: accepting an invitation, the registered email, staff account admin."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages as flash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from aordesk.accounts import services
from aordesk.accounts.authenticators import authenticator_replace, authenticator_reset
from aordesk.accounts.forms import EmailChangeForm, InviteForm, PasswordConfirmForm
from aordesk.accounts.models import User
from aordesk.accounts.registered_email import agency_email_change, broker_email_change
from aordesk.accounts.selectors import accounts_list
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.messaging.selectors import agencies_actable_by, brokers_actable_by
from aordesk.portal.permissions import deny, staff_only, web_actor

CHANGED = "The registered email was changed; both addresses were told."


class InvitationView(auth_views.PasswordResetConfirmView):
    """The invitation link: choose a password once, then sign in (and set up TOTP)."""

    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("account_login")
    post_reset_login = False

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        flash.success(self.request, "Your password is set. Sign in to continue.")
        return super().form_valid(form)


def closed(request: HttpRequest, **kwargs: object) -> HttpResponse:
    """An allauth page this desk does not offer: answered as a page that does not exist."""
    raise Http404("Not found")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def my_email(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    brokers = brokers_actable_by(user).order_by("last_name", "first_name")[:500]
    agencies = agencies_actable_by(user).order_by("name")[:500]
    if len(brokers) == 1 and not agencies:
        return redirect("accounts:broker_email", pk=brokers[0].pk)
    return render(request, "accounts/brokers.html", {"brokers": brokers, "agencies": agencies})


@login_required
def broker_email(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    broker = brokers_actable_by(user).filter(pk=pk).first()
    if broker is None:
        deny(request, object_type="broker", object_id=pk)
    return _email_page(
        request,
        change=lambda email, actor: broker_email_change(
            broker=broker, new_email=email, actor=actor
        ),
        owner=f"NPN {broker.npn}",
        current=broker.email,
        history=broker.email_changes.order_by("-changed_at", "-id")[:20],
        done=redirect("accounts:broker_email", pk=broker.pk),
    )


@login_required
def agency_email(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    agency = agencies_actable_by(user).filter(pk=pk).first()
    if agency is None:
        deny(request, object_type="agency", object_id=pk)
    return _email_page(
        request,
        change=lambda email, actor: agency_email_change(
            agency=agency, new_email=email, actor=actor
        ),
        owner=f"agency {agency.code}",
        current=agency.admin_email,
        history=agency.email_changes.order_by("-changed_at", "-id")[:20],
        done=redirect("accounts:agency_email", pk=agency.pk),
    )


def _email_page(
    request: HttpRequest,
    *,
    change: Callable[[str, Actor], object],
    owner: str,
    current: str,
    history: object,
    done: HttpResponse,
) -> HttpResponse:
    """The registered-email form of a broker or an agency: show, change, or say why not."""
    form = EmailChangeForm(request.POST or None, user=_user(request), request=request)
    if request.method == "POST" and form.is_valid():
        try:
            change(form.cleaned_data["new_email"], web_actor(request))
        except ApplicationError as exc:
            form.add_error("new_email", exc.message)
        else:
            flash.success(request, CHANGED)
            return done
    context = {"owner": owner, "current": current, "form": form, "history": history}
    return render(request, "accounts/email.html", context)


@login_required
def staff_accounts(request: HttpRequest) -> HttpResponse:
    staff_only(request, "-", object_type="account_admin")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.account_invite(
                role=data["role"],
                email=data["email"],
                broker=data["broker"],
                agency=data["agency"],
                actor=web_actor(request),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            flash.success(request, "Invitation sent.")
            return redirect("accounts:staff_accounts")
    return render(
        request, "accounts/staff_accounts.html", {"form": form, "accounts": accounts_list()[:1000]}
    )


@login_required
@require_POST
def staff_account_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request, "-", object_type="account_admin")
    account = User.objects.filter(pk=pk).first()
    if account is None:
        deny(request, object_type="user", object_id=pk)
    try:
        if account.is_active:
            services.account_disable(user=account, actor=web_actor(request))
        else:
            services.account_enable(user=account, actor=web_actor(request))
    except ApplicationError as exc:
        flash.error(request, exc.message)
    return redirect("accounts:staff_accounts")


def _staff_target(request: HttpRequest, pk: int) -> User:
    staff_only(request, "-", object_type="account_admin")
    account = User.objects.filter(pk=pk).first()
    if account is None:
        deny(request, object_type="user", object_id=pk)
    return account


@login_required
@require_POST
def staff_invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    account = _staff_target(request, pk)
    try:
        services.account_invitation_resend(user=account, actor=web_actor(request))
    except ApplicationError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, f"Invitation sent again to {account.username}.")
    return redirect("accounts:staff_accounts")


@login_required
@require_POST
def staff_authenticator_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = _staff_target(request, pk)
    try:
        authenticator_reset(
            user=account, reason=request.POST.get("reason", ""), actor=web_actor(request)
        )
    except ApplicationError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, f"Authenticator reset for {account.username}; the user was told.")
    return redirect("accounts:staff_accounts")


@login_required
def authenticator_replace_page(request: HttpRequest) -> HttpResponse:
    """A new phone, or the old one lost (signed in with a recovery code): confirm the
    password, and set-up of a new authenticator app starts."""
    user = _user(request)
    form = PasswordConfirmForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            authenticator_replace(user=user, actor=web_actor(request))
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("mfa_activate_totp")
    return render(request, "accounts/replace_authenticator.html", {"form": form})
