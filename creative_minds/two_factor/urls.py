from django.urls import path

from creative_minds.two_factor import views

urlpatterns = [
    path("", views.verify, name="two_factor_verify"),
    path("setup/", views.setup, name="two_factor_setup"),
    path("setup/choose/", views.choose, name="two_factor_choose"),
    path("setup/app/", views.setup_app, name="two_factor_setup_app"),
    path("backup-codes/", views.backup_codes, name="two_factor_backup_codes"),
    path("manage/", views.manage, name="two_factor_manage"),
]
