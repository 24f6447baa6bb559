from django.urls import path

from gongzhi.meetings import views

app_name = "meetings"
urlpatterns = [
    # workbench
    path("workbench/meetings/", views.meeting_list, name="list"),
    path("workbench/meetings/new/", views.meeting_create, name="create"),
    path("workbench/meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("workbench/meetings/<int:pk>/invite/", views.invite, name="invite"),
    path("workbench/meetings/<int:pk>/attendance/<int:invitation_pk>/", views.attendance, name="attendance"),
    path("workbench/meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("workbench/meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("workbench/meetings/<int:pk>/minutes/notes/", views.minutes_note, name="minutes_note"),
    path("workbench/meetings/<int:pk>/resolutions/", views.resolution, name="resolution"),
    path("workbench/meetings/tasks/", views.task_list, name="tasks"),
    path("workbench/meetings/tasks/mine/", views.my_tasks, name="my_tasks"),
    path("workbench/meetings/tasks/<int:pk>/", views.task_detail, name="task"),
    path("workbench/meetings/tasks/<int:pk>/close/", views.task_close, name="task_close"),
    # resident shell (a volunteer team's captain)
    path("m/meetings/tasks/", views.m_tasks, name="m_tasks"),
    path("m/meetings/tasks/<int:pk>/", views.m_task, name="m_task"),
]
