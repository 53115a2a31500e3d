using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting.Publishing;

/// <summary>The environment a deployed project gets, in order: Aspire's deployment defaults, then the model's variables.</summary>
internal static class ProjectEnvironment
{
    /// <param name="publishedName">The name the project is published under (a role's, e.g. <c>discordbot-gateway</c>), which its own bindings are read from.</param>
    public static List<KeyValuePair<string, object>> For(ProjectResource project, DistributedApplicationExecutionContext executionContext, string? publishedName = null)
    {
        publishedName ??= project.Name;
        var env = new List<KeyValuePair<string, object>>
        {
            new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true"),
            new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true"),
            new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory"),
            new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"),
        };

        var http = project.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme == "http").ToList();
        if (http.Count > 0)
        {
            env.Add(new("HTTP_PORTS", string.Join(';', http.Select(e => $"{{{publishedName}.bindings.{e.Name}.targetPort}}"))));
        }

        var https = project.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme == "https").ToList();
        if (https.Count > 0)
        {
            env.Add(new("HTTPS_PORTS", string.Join(';', https.Select(e => $"{{{publishedName}.bindings.{e.Name}.targetPort}}"))));
        }

        var context = new EnvironmentCallbackContext(executionContext);
        foreach (var annotation in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            annotation.Callback(context);
        }

        foreach (var (name, value) in context.EnvironmentVariables)
        {
            env.RemoveAll(e => e.Key == name);
            env.Add(new(name, value));
        }

        return env;
    }

    public static List<object> Args(IResource resource)
    {
        var args = new List<object>();
        foreach (var annotation in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            annotation.Callback(args);
        }

        return args;
    }
}
