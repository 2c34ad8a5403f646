"""Storing: checked rows saved in batches as submission rows and claims."""
