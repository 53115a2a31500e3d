using System.Text.Encodings.Web;
using System.Text.Json;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Publishing.Manifest;

/// <summary>
/// Writes the application model as an Aspire manifest (<c>aspire-8.0.json</c> schema, the 8.x/9.x shapes):
/// resources in model order with parameters last, every value a manifest expression, no secret value anywhere.
/// The output depends only on the model, so the same model gives the same bytes.
/// </summary>
public static class ManifestPublisher
{
    public const string SchemaUrl = "https://json.schemastore.org/aspire-8.0.json";

    internal static async Task PublishAsync(DistributedApplicationBuilder builder, CancellationToken cancellationToken)
    {
        var path = PublishOutput.ResolveManifestFile(PublishOutput.RequireOutputPath(builder.ExecutionContext, "aspire-manifest.json"));
        var content = Write(builder.Resources, Path.GetDirectoryName(path)!, builder.ExecutionContext);
        await PublishOutput.WriteFileAsync(path, content, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Wrote the manifest to {path}");
    }

    /// <summary>The manifest bytes (UTF-8, two-space indent, LF, final newline); project paths relative to <paramref name="manifestDirectory"/>.</summary>
    public static byte[] Write(IEnumerable<IResource> resources, string manifestDirectory, DistributedApplicationExecutionContext executionContext)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var all = resources.ToList();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUrl);
            writer.WriteStartObject("resources");
            var names = all.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var resource in all.Where(r => r is not ParameterResource).Concat(all.OfType<ParameterResource>()))
            {
                var roles = resource.Annotations.OfType<DeploymentRoleAnnotation>().ToList();
                if (resource is ProjectResource project && roles.Count > 0)
                {
                    // A project deployed per role is one project.v0 per role, as if the AppHost had added each, so a
                    // deployment from the manifest gets the same split (and per-role environment) as the Kubernetes output.
                    foreach (var role in roles)
                    {
                        var name = $"{project.Name}-{role.Role}";
                        if (names.Contains(name))
                        {
                            throw new DistributedApplicationException($"Role '{role.Role}' of '{project.Name}' would be written as '{name}', which is already a resource.");
                        }

                        writer.WriteStartObject(name);
                        WriteProject(writer, project, name, role.Environment, manifestDirectory, executionContext);
                        writer.WriteEndObject();
                    }

                    continue;
                }

                writer.WriteStartObject(resource.Name);
                WriteResource(writer, resource, manifestDirectory, executionContext);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteResource(Utf8JsonWriter writer, IResource resource, string manifestDirectory, DistributedApplicationExecutionContext executionContext)
    {
        switch (resource)
        {
            case ParameterResource parameter:
                WriteParameter(writer, parameter);
                break;
            case ProjectResource project:
                WriteProject(writer, project, project.Name, new Dictionary<string, object>(), manifestDirectory, executionContext);
                break;
            case ExecutableResource executable:
                writer.WriteString("type", "executable.v0");
                writer.WriteString("workingDirectory", RelativePath(manifestDirectory, executable.WorkingDirectory));
                writer.WriteString("command", executable.Command);
                WriteArgs(writer, ProjectEnvironment.Args(executable));
                WriteEnv(writer, EnvironmentOf(executable, executionContext));
                WriteBindings(writer, executable, container: false);
                break;
            case IResourceWithConnectionString when ContainerConventions.For(resource) is { } container:
                WriteContainer(writer, resource, container, executionContext);
                break;
            case IResourceWithConnectionString withConnectionString:
                writer.WriteString("type", "value.v0");
                writer.WriteString("connectionString", withConnectionString.ConnectionStringExpression.ValueExpression);
                break;
            default:
                if (ContainerConventions.For(resource) is { } other)
                {
                    WriteContainer(writer, resource, other, executionContext);
                    break;
                }

                throw new DistributedApplicationException(
                    $"The manifest publisher cannot write resource '{resource.Name}' ({resource.GetType().Name}): it has no container image, project or connection string.");
        }
    }

    /// <summary>A project as <paramref name="name"/> (its own, or a role's), with <paramref name="extraEnvironment"/> last.</summary>
    private static void WriteProject(Utf8JsonWriter writer, ProjectResource project, string name, IReadOnlyDictionary<string, object> extraEnvironment,
        string manifestDirectory, DistributedApplicationExecutionContext executionContext)
    {
        writer.WriteString("type", "project.v0");
        writer.WriteString("path", RelativePath(manifestDirectory, project.ProjectPath));
        WriteArgs(writer, ProjectEnvironment.Args(project));
        var env = ProjectEnvironment.For(project, executionContext, name);
        foreach (var (key, value) in extraEnvironment)
        {
            env.RemoveAll(e => e.Key == key);
            env.Add(new(key, value));
        }

        WriteEnv(writer, env);
        WriteBindings(writer, project, container: false);
    }

    private static void WriteContainer(Utf8JsonWriter writer, IResource resource, ContainerSpec container, DistributedApplicationExecutionContext executionContext)
    {
        writer.WriteString("type", "container.v0");
        if (resource is IResourceWithConnectionString withConnectionString)
        {
            writer.WriteString("connectionString", withConnectionString.ConnectionStringExpression.ValueExpression);
        }

        writer.WriteString("image", container.Image);
        if (container.Entrypoint is not null)
        {
            writer.WriteString("entrypoint", container.Entrypoint);
        }

        WriteArgs(writer, container.Args);
        WriteEnv(writer, [.. container.Environment, .. EnvironmentOf(resource, executionContext)]);
        WriteBindings(writer, resource, container: true);
    }

    private static void WriteParameter(Utf8JsonWriter writer, ParameterResource parameter)
    {
        writer.WriteString("type", "parameter.v0");
        writer.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        writer.WriteStartObject("inputs");
        writer.WriteStartObject("value");
        writer.WriteString("type", "string");
        if (parameter.Secret)
        {
            writer.WriteBoolean("secret", true);
        }

        if (parameter.Generate is { } generate)
        {
            writer.WriteStartObject("default");
            writer.WriteStartObject("generate");
            writer.WriteNumber("minLength", generate.MinLength);
            if (!generate.Special)
            {
                // Aspire's default allows special characters; these values go into URIs, so they must not.
                writer.WriteBoolean("special", false);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteArgs(Utf8JsonWriter writer, IReadOnlyList<object> args)
    {
        if (args.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("args");
        foreach (var arg in args)
        {
            writer.WriteStringValue(ValueResolver.ToManifestExpression(arg));
        }

        writer.WriteEndArray();
    }

    private static void WriteEnv(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, object>> env)
    {
        if (env.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("env");
        foreach (var (name, value) in env)
        {
            writer.WriteString(name, ValueResolver.ToManifestExpression(value));
        }

        writer.WriteEndObject();
    }

    private static void WriteBindings(Utf8JsonWriter writer, IResource resource, bool container)
    {
        var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
        if (endpoints.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("bindings");
        foreach (var endpoint in endpoints)
        {
            writer.WriteStartObject(endpoint.Name);
            writer.WriteString("scheme", endpoint.UriScheme);
            writer.WriteString("protocol", "tcp");
            writer.WriteString("transport", endpoint.Transport);
            if (endpoint.Port is { } port)
            {
                writer.WriteNumber("port", port);
            }

            // A project listens where HTTP_PORTS says, so only containers pin the port inside.
            if (container && endpoint.TargetPort is { } targetPort)
            {
                writer.WriteNumber("targetPort", targetPort);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static List<KeyValuePair<string, object>> EnvironmentOf(IResource resource, DistributedApplicationExecutionContext executionContext)
    {
        var context = new EnvironmentCallbackContext(executionContext);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            annotation.Callback(context);
        }

        return [.. context.EnvironmentVariables];
    }

    private static string RelativePath(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');
}
