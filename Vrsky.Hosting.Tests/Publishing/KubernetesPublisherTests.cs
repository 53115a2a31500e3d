using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Vrsky.Hosting.Tests.Publishing;

public sealed partial class KubernetesPublisherTests(PublishedKubernetesTree tree) : IClassFixture<PublishedKubernetesTree>
{
    [Fact]
    public void TreeHasTheNamespacesAndAKustomizationListingEveryFile()
    {
        Assert.Equal(["vrsky", "vrsky-platform", "vrsky-tenants"], tree.OfKind("Namespace").Select(n => (string?)n["metadata"]!["name"]));
        var kustomization = PublishedKubernetesTree.ReadYaml(tree.Files["kustomization.yaml"]).Single();
        var listed = kustomization["resources"]!.AsArray().Select(r => (string)r!).Order(StringComparer.Ordinal);
        var yamlFiles = tree.Files.Keys.Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) && f != "kustomization.yaml").Order(StringComparer.Ordinal);
        Assert.Equal(yamlFiles, listed);
    }

    [Fact]
    public void PlatformNatsIsAThreeNodeJetStreamStatefulSetWithHeadlessServiceAndVolumes()
    {
        var set = tree.Single("StatefulSet", "nats-platform");
        Assert.Equal("vrsky-platform", (string?)set["metadata"]!["namespace"]);
        Assert.Equal("3", (string?)set["spec"]!["replicas"]);
        Assert.Equal("nats-platform-headless", (string?)set["spec"]!["serviceName"]);
        var container = Containers(set).Single();
        Assert.Equal(["4222", "6222", "8222"], container["ports"]!.AsArray().Select(p => (string?)p!["containerPort"]));
        Assert.Equal("2", (string?)container["resources"]!["requests"]!["cpu"]);
        Assert.Equal("4", (string?)container["resources"]!["limits"]!["cpu"]);
        Assert.Equal("4Gi", (string?)container["resources"]!["requests"]!["memory"]);
        Assert.Equal("8Gi", (string?)container["resources"]!["limits"]!["memory"]);
        Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "jetstream" && (string?)m["mountPath"] == "/data/jetstream");

        var claim = set["spec"]!["volumeClaimTemplates"]!.AsArray().Single()!;
        Assert.Equal("jetstream", (string?)claim["metadata"]!["name"]);
        var storage = (string)claim["spec"]!["resources"]!["requests"]!["storage"]!;
        // Seed 002 asks for 100 Gi, but JetStream reserves every bucket's maximum (161 GB in all) on each replica.
        Assert.True(int.Parse(storage.TrimEnd('G', 'i'), System.Globalization.CultureInfo.InvariantCulture) >= 161 * 1e9 / (1L << 30), storage);

        var headless = tree.Single("Service", "nats-platform-headless");
        Assert.Equal("None", (string?)headless["spec"]!["clusterIP"]);
        Assert.Equal("true", (string?)headless["spec"]!["publishNotReadyAddresses"]);
        Assert.Equal(["4222", "6222", "8222"], headless["spec"]!["ports"]!.AsArray().Select(p => (string?)p!["port"]));
        Assert.Equal(set["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), headless["spec"]!["selector"]!.ToJsonString());

        var config = (string)tree.Single("ConfigMap", "nats-platform-config")["data"]!["nats.conf"]!;
        Assert.Contains("jetstream {", config, StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains($"nats://nats-platform-{i}.nats-platform-headless.vrsky-platform.svc.cluster.local:6222", config, StringComparison.Ordinal);
        }

        var budget = tree.Single("PodDisruptionBudget", "nats-platform");
        Assert.Equal("1", (string?)budget["spec"]!["maxUnavailable"]);
    }

    [Fact]
    public void PlatformInitJobRunsTheControlPlaneImageWithTheSettingsOfItsDeployment()
    {
        // The only Job: the platform buckets are created by the control plane's own `platform init`, not a nats-box script.
        var job = Assert.Single(tree.OfKind("Job"));
        Assert.Equal(("controlplane-platform-init", "vrsky"), ((string?)job["metadata"]!["name"], (string?)job["metadata"]!["namespace"]));
        Assert.Equal("5", (string?)job["spec"]!["backoffLimit"]);
        Assert.Equal("600", (string?)job["spec"]!["ttlSecondsAfterFinished"]);
        var pod = job["spec"]!["template"]!["spec"]!;
        Assert.Equal("OnFailure", (string?)pod["restartPolicy"]);
        Assert.Equal("false", (string?)pod["automountServiceAccountToken"]);

        var init = Containers(job).Single();
        var service = Containers(tree.Single("Deployment", "controlplane")).Single();
        Assert.Equal("controlplane:latest", (string?)init["image"]);
        Assert.Equal((string?)service["image"], (string?)init["image"]);
        Assert.Equal(["platform", "init"], init["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(["controlplane-config"], init["envFrom"]!.AsArray().Select(f => (string?)f!["configMapRef"]!["name"]));
        Assert.Equal(service["envFrom"]!.ToJsonString(), init["envFrom"]!.ToJsonString());
        // Of the control plane's secrets only the NATS connection string: not the database's, not the admin key.
        Assert.Contains(service["env"]!.AsArray(), e => (string?)e!["name"] == "ControlPlane__AdminKey");
        var nats = Assert.Single(init["env"]!.AsArray())!;
        Assert.Equal("ConnectionStrings__nats", (string?)nats["name"]);
        nats = nats["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal(("controlplane-secrets", "ConnectionStrings__nats"), ((string?)nats["name"], (string?)nats["key"]));
        Assert.Equal("3", (string?)tree.Single("ConfigMap", "controlplane-config")["data"]!["ControlPlane__Platform__Replicas"]);

        // Its pod is not one of the control plane's: neither the Service nor the Deployment selects it.
        var labels = job["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        foreach (var selector in new[] { tree.Single("Service", "controlplane")["spec"]!["selector"]!, tree.Single("Deployment", "controlplane")["spec"]!["selector"]!["matchLabels"]! })
        {
            Assert.False(selector.AsObject().All(s => (string?)labels[s.Key] == (string?)s.Value), selector.ToJsonString());
        }
    }

    [Fact]
    public void TenantNatsInstanceIsIsolatedByItsOwnNetworkPolicy()
    {
        var deployment = tree.Single("Deployment", "nats-demo-tenant-1");
        Assert.Equal("vrsky-tenants", (string?)deployment["metadata"]!["namespace"]);
        Assert.Equal("1", (string?)deployment["spec"]!["replicas"]);
        Assert.DoesNotContain("-js", Containers(deployment).Single()["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("nats-demo-tenant-1", (string?)tree.Single("Service", "nats-demo-tenant-1")["metadata"]!["name"]);

        var policy = tree.Single("NetworkPolicy", "tenant-nats-isolation-demo-tenant-1");
        var spec = policy["spec"]!;
        Assert.Equal("demo-tenant", (string?)spec["podSelector"]!["matchLabels"]!["tenant-id"]);
        Assert.Equal("1", (string?)spec["podSelector"]!["matchLabels"]!["instance-num"]);
        Assert.Equal(["Ingress", "Egress"], spec["policyTypes"]!.AsArray().Select(t => (string?)t));

        var ingress = spec["ingress"]!.AsArray();
        var clients = ingress.Single(r => (string?)r!["ports"]![0]!["port"] == "4222")!;
        Assert.All(clients["from"]!.AsArray(), peer => Assert.Equal("demo-tenant", (string?)peer!["podSelector"]!["matchLabels"]!["tenant-id"]));
        var monitoring = ingress.Single(r => (string?)r!["ports"]![0]!["port"] == "8222")!;
        Assert.Equal("vrsky-monitoring", (string?)monitoring["from"]![0]!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]);
        Assert.Equal(2, ingress.Count);

        var egress = spec["egress"]!.AsArray().Single()!;
        Assert.All(egress["ports"]!.AsArray(), p => Assert.Equal("53", (string?)p!["port"]));
    }

    [Fact]
    public void EveryTenantNatsInstanceReadsItsCredentialsFromItsOwnSecret()
    {
        var instances = tree.OfKind("Deployment").Where(d => (string?)d["metadata"]!["namespace"] == "vrsky-tenants").ToList();
        Assert.NotEmpty(instances);
        foreach (var deployment in instances)
        {
            var name = (string)deployment["metadata"]!["name"]!;
            var (args, authConf) = TenantNatsConfig(deployment);
            Assert.Equal("-c", args[0]);
            Assert.Contains("authorization {", authConf, StringComparison.Ordinal);
            Assert.Equal("Opaque", (string?)tree.Single("Secret", $"{name}-auth")["type"]);
        }

        Assert.Equal($"authorization {{ user: \"demo-tenant\", password: \"{PublishedKubernetesTree.TenantNatsPassword}\" }}\n",
            TenantNatsConfig(tree.Single("Deployment", "nats-demo-tenant-1")).AuthConf);
    }

    [Fact]
    public async Task PublishedTenantNatsInstanceRejectsAnonymousClientsAndAcceptsItsCredentials()
    {
        var (args, authConf) = TenantNatsConfig(tree.Single("Deployment", "nats-demo-tenant-1"));
        await using var server = await RenderedTenantNats.StartAsync(args, authConf);

        Assert.True(await RenderedTenantNats.CanConnectAsync(server.Url, "demo-tenant", PublishedKubernetesTree.TenantNatsPassword), server.Output);
        Assert.False(await RenderedTenantNats.CanConnectAsync(server.Url, null, null));
        Assert.False(await RenderedTenantNats.CanConnectAsync(server.Url, "demo-tenant", "wrong-password"));
    }

    [Theory]
    [InlineData("gateway", 2)]
    [InlineData("chatservice", 3)]
    [InlineData("presenceservice", 2)]
    [InlineData("tokenworker", 3)]
    [InlineData("controlplane", 1)]
    [InlineData("discordbot-gateway", 1)]
    [InlineData("discordbot-worker", 3)]
    public void ProjectsRunTheSeedsReplicaCountsWithBudgetsWhenReplicated(string deployment, int replicas)
    {
        Assert.Equal(replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)tree.Single("Deployment", deployment)["spec"]!["replicas"]);
        Assert.Equal(replicas > 1, tree.OfKind("PodDisruptionBudget").Any(b => (string?)b["metadata"]!["name"] == deployment));
    }

    [Fact]
    public void DiscordBotRolesShareOneImageAndSetTheirMode()
    {
        foreach (var role in new[] { "gateway", "worker" })
        {
            var container = Containers(tree.Single("Deployment", $"discordbot-{role}")).Single();
            Assert.Equal("discordbot:latest", (string?)container["image"]);
            Assert.Contains(container["env"]!.AsArray(), e => (string?)e!["name"] == "BOT_MODE" && (string?)e["value"] == role);
        }
    }

    [Fact]
    public void DiscordTokenReachesOnlyTheBotGatewayFromItsOwnSecret()
    {
        var token = PublishedKubernetesTree.DiscordToken;
        Assert.Equal(token, (string?)tree.Single("Secret", "discordbot-gateway-secrets")["stringData"]!["DISCORD_TOKEN"]);
        Assert.Null(tree.Single("ConfigMap", "discordbot-config")["data"]!["DISCORD_TOKEN"]);
        Assert.Null(tree.Single("Secret", "discordbot-secrets")["stringData"]!["DISCORD_TOKEN"]);

        var gateway = Containers(tree.Single("Deployment", "discordbot-gateway")).Single();
        var reference = gateway["env"]!.AsArray().Single(e => (string?)e!["name"] == "DISCORD_TOKEN")!["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal(("discordbot-gateway-secrets", "DISCORD_TOKEN"), ((string?)reference["name"], (string?)reference["key"]));

        // Workers have no Discord connection: neither the variable nor any Secret key holding the token, but the shared settings.
        var worker = Containers(tree.Single("Deployment", "discordbot-worker")).Single();
        var env = worker["env"]!.AsArray().Select(e => e!).ToList();
        Assert.DoesNotContain(env, e => (string?)e["name"] == "DISCORD_TOKEN");
        Assert.Equal(["discordbot-config"], worker["envFrom"]!.AsArray().Select(f => (string?)f!["configMapRef"]?["name"]));
        var secrets = tree.OfKind("Secret").ToDictionary(s => (string)s["metadata"]!["name"]!, s => s["stringData"]!);
        var workerKeys = env.Select(e => e["valueFrom"]?["secretKeyRef"]).OfType<JsonNode>().ToList();
        Assert.Equal(["ConnectionStrings__frolf", "ConnectionStrings__nats"], workerKeys.Select(k => (string?)k["key"]).Order(StringComparer.Ordinal));
        Assert.All(workerKeys, k => Assert.DoesNotContain(token, (string)secrets[(string)k["name"]!][(string)k["key"]!]!, StringComparison.Ordinal));
        Assert.Contains(env, e => (string?)e["name"] == "BOT_MODE" && (string?)e["value"] == "worker");
        Assert.All(tree.Single("Deployment", "discordbot-worker")["spec"]!["template"]!["spec"]!["volumes"]!.AsArray(), v => Assert.Null(v!["secret"]));
    }

    [Fact]
    public void ControlPlaneManagesTenantInstancesUnderItsOwnServiceAccountInTheTenantsNamespaceOnly()
    {
        var pod = tree.Single("Deployment", "controlplane")["spec"]!["template"]!["spec"]!;
        Assert.Equal("controlplane", (string?)pod["serviceAccountName"]);
        Assert.Equal("true", (string?)pod["automountServiceAccountToken"]);
        Assert.Equal("false", (string?)tree.Single("ServiceAccount", "controlplane")["automountServiceAccountToken"]);
        // No other workload gets a token.
        Assert.All(tree.OfKind("Deployment").Where(d => (string?)d["metadata"]!["name"] != "controlplane"),
            d => Assert.Equal("false", (string?)d["spec"]!["template"]!["spec"]!["automountServiceAccountToken"]));

        var role = tree.Single("Role", "controlplane-tenant-nats");
        Assert.Equal("vrsky-tenants", (string?)role["metadata"]!["namespace"]);
        Assert.Equal(["secrets", "services", "deployments", "networkpolicies"],
            role["rules"]!.AsArray().SelectMany(r => r!["resources"]!.AsArray().Select(x => (string?)x)));
        Assert.All(role["rules"]!.AsArray(), r => Assert.Equal(["get", "create", "patch", "delete"], r!["verbs"]!.AsArray().Select(v => (string?)v)));
        var binding = tree.Single("RoleBinding", "controlplane-tenant-nats");
        Assert.Equal("vrsky-tenants", (string?)binding["metadata"]!["namespace"]);
        Assert.Equal("controlplane-tenant-nats", (string?)binding["roleRef"]!["name"]);
        var subject = binding["subjects"]!.AsArray().Single()!;
        Assert.Equal(("ServiceAccount", "controlplane", "vrsky"), ((string?)subject["kind"], (string?)subject["name"], (string?)subject["namespace"]));

        var config = tree.Single("ConfigMap", "controlplane-config")["data"]!;
        Assert.Equal("kubernetes", (string?)config["ControlPlane__Provisioner__Kind"]);
        Assert.Equal("vrsky-tenants", (string?)config["ControlPlane__Provisioner__Namespace"]);
        Assert.Equal("vrsky", (string?)config["ControlPlane__Provisioner__ClientNamespaces__0"]);
        Assert.Equal("vrsky", (string?)config["ControlPlane__Provisioner__MonitorNamespace"]);
        Assert.Equal("controlplane", (string?)config["ControlPlane__Provisioner__MonitorApp"]);
        Assert.Equal("3", (string?)config["ControlPlane__Platform__Replicas"]);

        // Its autoscaler polls the instances' monitoring port, which their NetworkPolicy opens to it.
        var monitoring = tree.Single("NetworkPolicy", "tenant-nats-isolation-demo-tenant-1")["spec"]!["ingress"]!.AsArray()
            .Single(r => (string?)r!["ports"]![0]!["port"] == "8222")!["from"]!.AsArray();
        Assert.Contains(monitoring, p => (string?)p!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] == "vrsky"
            && (string?)p["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"] == "controlplane");
    }

    [Fact]
    public void TokenWorkerNamesItselfAfterItsPod()
    {
        var container = Containers(tree.Single("Deployment", "tokenworker")).Single();
        var podName = container["env"]!.AsArray().Single(e => (string?)e!["name"] == "POD_NAME")!;
        Assert.Equal("metadata.name", (string?)podName["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal(["-name-suffix", "$(POD_NAME)"], container["args"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void EveryWorkloadHasProbesResourcesAndARestrictedSecurityContext()
    {
        var workloads = tree.Objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" or "Job").ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var name = (string?)workload["metadata"]!["name"];
            var pod = workload["spec"]!["template"]!["spec"]!;
            Assert.True((string?)pod["securityContext"]!["runAsNonRoot"] == "true", name);
            Assert.NotEqual("0", (string?)pod["securityContext"]!["runAsUser"]);
            foreach (var container in pod["containers"]!.AsArray())
            {
                Assert.True((string?)container!["securityContext"]!["readOnlyRootFilesystem"] == "true", name);
                Assert.True((string?)container["securityContext"]!["allowPrivilegeEscalation"] == "false", name);
                Assert.NotNull(container["resources"]!["requests"]);
                Assert.NotNull(container["resources"]!["limits"]);
                if ((string?)workload["kind"] != "Job")
                {
                    Assert.True(container["livenessProbe"] is not null && container["readinessProbe"] is not null, name);
                }
            }
        }
    }

    [Fact]
    public void ProjectsProbeAliveForLivenessAndHealthForReadiness()
    {
        foreach (var deployment in tree.OfKind("Deployment").Where(d => (string?)d["metadata"]!["namespace"] == "vrsky"))
        {
            var container = Containers(deployment).Single();
            Assert.Equal("/alive", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        }
    }

    [Fact]
    public void OnlyTheControlPlaneGetsFiveMinutesToStartTheOthersOne()
    {
        // The control plane waits at start for the platform NATS cluster (up to 5 min); a service that hangs otherwise
        // is restarted after a minute.
        string StartupWindow(string name)
        {
            var probe = Containers(tree.Single("Deployment", name)).Single()["startupProbe"]!;
            return $"{int.Parse((string)probe["periodSeconds"]!, CultureInfo.InvariantCulture) * int.Parse((string)probe["failureThreshold"]!, CultureInfo.InvariantCulture)} s";
        }

        Assert.Equal("300 s", StartupWindow("controlplane"));
        Assert.Equal("60 s", StartupWindow("gateway"));
        Assert.Equal("60 s", StartupWindow("tokenworker"));
    }

    [Fact]
    public void SecretsLiveOnlyInSecretsAndEveryReferenceResolves()
    {
        var secretValues = tree.OfKind("Secret").SelectMany(s => s["stringData"]!.AsObject().Select(p => (string)p.Value!)).ToList();
        foreach (var password in PublishedKubernetesTree.Passwords.Values)
        {
            Assert.Contains(secretValues, v => v.Contains(password, StringComparison.Ordinal));
            foreach (var (path, text) in tree.Files.Where(f => f.Key != "parameters.env"))
            {
                foreach (var map in PublishedKubernetesTree.ReadYaml(text).Where(o => (string?)o["kind"] != "Secret"))
                {
                    Assert.False(map.ToJsonString().Contains(password, StringComparison.Ordinal), $"A password appears outside a Secret in {path}");
                }
            }
        }

        var gatewaySecrets = tree.Single("Secret", "gateway-secrets")["stringData"]!;
        Assert.Equal($"Host=postgres.vrsky.svc.cluster.local;Port=5432;Username=postgres;Password={PublishedKubernetesTree.Passwords["postgres-password"]};Database=chat",
            (string?)gatewaySecrets["ConnectionStrings__chat"]);

        var secrets = tree.OfKind("Secret").ToDictionary(s => $"{s["metadata"]!["namespace"]}/{s["metadata"]!["name"]}", s => s["stringData"]!.AsObject());
        foreach (var workload in tree.Objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" or "Job"))
        {
            var ns = (string?)workload["metadata"]!["namespace"];
            foreach (var env in Containers(workload).SelectMany(c => c["env"]?.AsArray() ?? []))
            {
                if (env!["valueFrom"]?["secretKeyRef"] is { } reference)
                {
                    Assert.True(secrets.TryGetValue($"{ns}/{reference["name"]}", out var data), $"missing Secret {ns}/{reference["name"]}");
                    Assert.True(data.ContainsKey((string)reference["key"]!), $"Secret {reference["name"]} has no key {reference["key"]}");
                }
            }
        }
    }

    [Fact]
    public void NoManifestExpressionSurvives()
    {
        foreach (var (path, text) in tree.Files)
        {
            var match = Expression().Match(text);
            Assert.False(match.Success, $"{path} still holds '{match.Value}'");
        }
    }

    [Fact]
    public void ServicesAndConnectionStringsUseClusterDns()
    {
        var config = tree.Single("ConfigMap", "gateway-config")["data"]!;
        Assert.Equal("8080", (string?)config["HTTP_PORTS"]);
        Assert.Equal("9090", (string?)tree.Single("Service", "gateway")["spec"]!["ports"]![0]!["port"]);
        var nats = (string?)tree.Single("Secret", "tokenworker-secrets")["stringData"]!["ConnectionStrings__nats"];
        Assert.Equal($"nats://nats:{PublishedKubernetesTree.Passwords["nats-password"]}@nats-platform.vrsky-platform.svc.cluster.local:4222", nats);
        Assert.Equal("exec redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes --appendfsync everysec --dir /data",
            (string?)Containers(tree.Single("StatefulSet", "redis")).Single()["args"]![0]);
        foreach (var server in new[] { "postgres", "redis", "rabbitmq" })
        {
            Assert.Single(tree.Single("StatefulSet", server)["spec"]!["volumeClaimTemplates"]!.AsArray());
        }
    }

    [Fact]
    public async Task SameInputGivesByteIdenticalFiles()
    {
        using var temp = new TempDirectory();
        var again = Path.Combine(temp.Path, "k8s");
        var result = await AppHostProcess.RunAsync(PublishedKubernetesTree.Arguments(again));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var files = Directory.EnumerateFiles(again, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(again, f).Replace('\\', '/'), File.ReadAllText);
        Assert.Equal(tree.Files.Keys.Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(tree.Files[f.Key], f.Value));
    }

    [Fact]
    public async Task RepublishingToTheSameDirectoryKeepsGeneratedPasswords()
    {
        using var temp = new TempDirectory();
        var output = Path.Combine(temp.Path, "k8s");
        string[] publish = ["--publisher", "kubernetes", "--output-path", output, "--parameter", $"discord-token={PublishedKubernetesTree.DiscordToken}"];
        Assert.Equal(0, (await AppHostProcess.RunAsync(publish)).ExitCode);
        string[] files = [Path.Combine(output, "app", "postgres.yaml"), Path.Combine(output, "tenants", "nats-demo-tenant-1.yaml")];
        var first = files.Select(File.ReadAllText).ToList();
        Assert.Equal(0, (await AppHostProcess.RunAsync(publish)).ExitCode);
        Assert.Equal(first, files.Select(File.ReadAllText));
    }

    [Fact]
    public async Task KubectlKustomizeBuildsTheTreeAndEveryObjectValidates()
    {
        var built = await RunAsync("kubectl", null, "kustomize", tree.Directory);
        Assert.True(built.ExitCode == 0, $"kubectl kustomize failed: {built.StandardError}");

        var validator = Path.Combine(AppHostProcess.SharedDirectory, "tools", "k8s-validate");
        Assert.True(Directory.Exists(Path.Combine(validator, "node_modules")),
            $"Install the validator first: cd {validator} && npm install --no-audit --no-fund");
        var validated = await RunAsync("node", built.StandardOutput, Path.Combine(validator, "validate.mjs"));
        Assert.True(validated.ExitCode == 0, validated.StandardOutput + validated.StandardError);
        Assert.Matches(@"^\d+ objects, 0 invalid, 0 unknown kinds$", validated.StandardOutput.Trim().Split('\n')[^1]);
    }

    /// <summary>A tenant instance's container arguments and the <c>auth.conf</c> its <c>-c</c> names, read from the Secret mounted there (read-only).</summary>
    private (List<string> Args, string AuthConf) TenantNatsConfig(JsonObject deployment)
    {
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = Containers(deployment).Single();
        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        var file = args[args.IndexOf("-c") + 1];
        var mount = container["volumeMounts"]!.AsArray().Single(m => file.StartsWith((string)m!["mountPath"]! + "/", StringComparison.Ordinal))!;
        Assert.Equal("true", (string?)mount["readOnly"]);
        var volume = pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!;
        var secret = tree.Single("Secret", (string)volume["secret"]!["secretName"]!);
        Assert.Equal(deployment["metadata"]!["namespace"]!.ToJsonString(), secret["metadata"]!["namespace"]!.ToJsonString());
        var key = Path.GetRelativePath((string)mount["mountPath"]!, file);
        return (args, (string?)secret["stringData"]![key] ?? throw new InvalidOperationException($"Secret has no key {key}"));
    }

    private static IEnumerable<JsonNode> Containers(JsonObject workload) =>
        workload["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!);

    private static async Task<AppHostProcess.Result> RunAsync(string file, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' is not installed ({e.Message}); .ci/run installs it.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(input ?? "");
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return new AppHostProcess.Result(process.ExitCode, await stdout, await stderr);
        }
    }

    [GeneratedRegex(@"\{[a-z][a-z0-9-]*\.[A-Za-z][A-Za-z0-9.]*\}")]
    private static partial Regex Expression();
}
