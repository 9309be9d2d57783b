from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Dossier


@login_required
def home(request):
    dossiers = Dossier.objects.visible_to(request.user)
    return render(request, "dossiers/home.html", {"dossiers": dossiers})
