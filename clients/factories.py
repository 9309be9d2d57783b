import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from .models import Client, Lawyer, User
from .roles import LAWYERS_GROUP, ensure_lawyers_group

PASSWORD = "Motdepasse-Test-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"NOM{n}")
    password = factory.django.Password(PASSWORD)


class ClientFactory(UserFactory):
    class Meta:
        model = Client
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"client{n}@example.fr")
    address = "1 rue de la Paix"
    postal_code = "75002"
    city = "PARIS"
    phone = "01 02 03 04 05"
    mobile = "06 07 08 09 10"


class LawyerFactory(UserFactory):
    class Meta:
        model = Lawyer
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"avocat{n}@cabinet.example.fr")
    is_staff = True

    @factory.post_generation
    def lawyers_group(self, create, extracted, **kwargs):
        if create:
            ensure_lawyers_group()
            self.groups.add(Group.objects.get(name=LAWYERS_GROUP))
