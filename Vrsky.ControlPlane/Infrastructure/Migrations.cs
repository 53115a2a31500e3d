namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>
/// The schema, as numbered steps applied once each and recorded in <c>schema_migrations</c>. A released step is
/// never edited; changes are new steps. Status lists here match the constants in code (tests insert each one).
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } =
    [
        (1, "tenants, instances, integrations, jobs, audit, api keys", """
            CREATE TABLE tenants (
                id uuid PRIMARY KEY,
                slug text NOT NULL UNIQUE,
                name text NOT NULL,
                status text NOT NULL CHECK (status IN ('active', 'suspended')),
                plan text NOT NULL,
                max_integrations integer NOT NULL CHECK (max_integrations > 0),
                nats_user text NOT NULL,
                nats_password text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE nats_instances (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                instance_number integer NOT NULL CHECK (instance_number > 0),
                dns_name text NOT NULL,
                url text,
                monitor_url text,
                status text NOT NULL CHECK (status IN ('provisioning', 'active', 'scaling', 'draining', 'terminating', 'terminated', 'unhealthy')),
                integration_count integer NOT NULL DEFAULT 0,
                message_rate_avg double precision NOT NULL DEFAULT 0,
                connection_count integer NOT NULL DEFAULT 0,
                memory_usage_mb double precision NOT NULL DEFAULT 0,
                last_polled_at timestamptz,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (tenant_id, instance_number)
            );

            CREATE TABLE integrations (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                name text NOT NULL,
                status text NOT NULL CHECK (status IN ('active', 'paused')),
                nats_instance_id uuid REFERENCES nats_instances (id),
                consumer_config jsonb NOT NULL DEFAULT '{}',
                converters jsonb NOT NULL DEFAULT '[]',
                filters jsonb NOT NULL DEFAULT '[]',
                producer_config jsonb NOT NULL DEFAULT '{}',
                max_retries integer NOT NULL DEFAULT 3,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (tenant_id, name)
            );
            CREATE INDEX integrations_instance ON integrations (nats_instance_id);

            CREATE TABLE provisioning_jobs (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                nats_instance_id uuid NOT NULL REFERENCES nats_instances (id) ON DELETE CASCADE,
                kind text NOT NULL CHECK (kind IN ('provision', 'deprovision')),
                status text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
                progress integer NOT NULL DEFAULT 0,
                message text NOT NULL DEFAULT '',
                attempts integer NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE audit_log (
                id bigserial PRIMARY KEY,
                tenant_id uuid,
                nats_instance_id uuid,
                actor text NOT NULL,
                action text NOT NULL,
                reason text NOT NULL,
                details jsonb NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);

            CREATE TABLE api_keys (
                key_hash bytea PRIMARY KEY,
                tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """),
    ];
}
