from django.urls import path

from aordesk.carriers import views

app_name = "carriers"

urlpatterns = [
    path("staff/carriers/", views.carrier_list, name="list"),
    path("staff/carriers/<slug:code>/", views.carrier_detail, name="detail"),
    path("staff/carriers/<slug:code>/acknowledgements/", views.carrier_ack_upload, name="ack"),
]
