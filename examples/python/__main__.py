"""An organization with a team and a repository the team pushes to, managed from Python.

    python3 -m venv venv && venv/bin/pip install -r requirements.txt
    pulumi config set quay:url https://quay.example.com
    pulumi config set --secret quay:token <an OAuth token with user:admin, org:admin and repo:admin>
    pulumi up
"""
import pulumi
import pulumi_quay as quay

org = quay.Organization("analytics", name="analytics", email="analytics-team@example.com")
analysts = quay.Team("analysts", organization=org.name, name="analysts", role="creator", description="Data analysts")
warehouse = quay.Repository("warehouse", namespace=org.name, name="warehouse", description="Warehouse jobs")
quay.RepositoryPermission("analysts-push", repository=warehouse.full_name, team=analysts.name, role="write")

pulumi.export("repository", warehouse.full_name)
