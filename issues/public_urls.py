"""Citizens' pages: QR intake, receipt, lookup and the tracking page (no login)."""

urlpatterns: list = []
