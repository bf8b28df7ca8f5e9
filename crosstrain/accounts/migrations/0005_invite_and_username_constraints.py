# The constraints in their own migration: PostgreSQL refuses to alter a table in the transaction that just
# updated its rows (0004's data step).

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_runner_invite_created_at'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='runner',
            constraint=models.CheckConstraint(condition=models.Q(('invite_token__isnull', True), ('invite_created_at__isnull', False), _connector='OR'), name='runner_invite_has_created_at'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('username'), name='user_username_case_insensitive_unique', violation_error_message='A user with that username already exists (upper and lower case count as the same): choose another.'),
        ),
    ]
