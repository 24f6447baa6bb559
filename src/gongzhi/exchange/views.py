from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongzhi.core.views import workbench_required


@login_required
@workbench_required
def index(request):
    return render(request, "exchange/index.html", {})
