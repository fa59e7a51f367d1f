"""An organization with a team and a repository the team pushes to, managed from Python; and a second
organization with everything in it as one Tenant resource.

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

research = quay.Tenant(
    "research",
    name="research",
    teams={"scientists": quay.TenantTeamArgs(role="creator", robots=["notebooks"])},
    robots={"notebooks": quay.TenantRobotArgs(description="Pushes from the notebook cluster")},
    repositories={
        "models": quay.TenantRepositoryArgs(
            description="Trained models",
            teams={"scientists": "write"},
            prune_policies={"keep-20": quay.TenantRepositoryPrunePolicyArgs(keep_newest=20)},
        )
    },
)

pulumi.export("repository", warehouse.full_name)
pulumi.export("notebooksRobot", research.robot_credentials.apply(lambda robots: robots["notebooks"].full_name))
