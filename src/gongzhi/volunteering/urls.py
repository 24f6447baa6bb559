from gongzhi.volunteering.views import activities, inservice, rosters

app_name = "volunteering"
urlpatterns = activities.urlpatterns + rosters.urlpatterns + inservice.urlpatterns
