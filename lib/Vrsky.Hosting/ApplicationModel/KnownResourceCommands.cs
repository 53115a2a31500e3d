namespace Vrsky.Hosting.ApplicationModel;

/// <summary>Commands a person (the dashboard) or a test can send to a running resource, named as Aspire names them.</summary>
public static class KnownResourceCommands
{
    public const string Stop = "stop";
    public const string Start = "start";
    public const string Restart = "restart";

    public static bool IsKnown(string command) => command is Stop or Start or Restart;
}
