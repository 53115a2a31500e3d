using Vrsky.ControlPlane.Extensions;
using Vrsky.ControlPlane.Platform;

// `platform init` (the deployment's init Job) creates the platform buckets and exits.
if (PlatformInitCommand.Matches(args))
{
    return await PlatformInitCommand.RunAsync(args);
}

var app = ControlPlaneApp.Build(args);
app.Run();
return 0;
