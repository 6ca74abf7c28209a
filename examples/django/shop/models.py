from django.db import models


class Person(models.Model):
    tenant = models.TextField(default="")
    first_name = models.TextField()
    last_name = models.TextField()


class Order(models.Model):
    tenant = models.TextField(default="")
    email = models.EmailField()
    total = models.DecimalField(max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
