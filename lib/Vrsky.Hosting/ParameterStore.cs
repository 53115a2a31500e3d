using System.Text.Json;
using Vrsky.Hosting.ApplicationModel;

namespace Vrsky.Hosting;

/// <summary>
/// Remembers generated parameter values in a git-ignored file beside the AppHost so a server whose data is
/// kept across runs keeps the password it was initialised with. Without a file, values live for one run.
/// </summary>
internal sealed class ParameterStore(string? filePath)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _memory = new(StringComparer.Ordinal);

    public string GetOrCreate(string name, GeneratedParameterDefault generate)
    {
        lock (_gate)
        {
            var values = Load();
            if (values.TryGetValue(name, out var existing))
            {
                return existing;
            }

            var value = generate.NewValue();
            values[name] = value;
            Save(values);
            return value;
        }
    }

    private Dictionary<string, string> Load()
    {
        if (filePath is null || !File.Exists(filePath))
        {
            return filePath is null ? _memory : new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(filePath)) ?? [];
        }
        catch (JsonException e)
        {
            throw new DistributedApplicationException($"The parameter file '{filePath}' is not valid JSON ({e.Message}); fix or delete it.", e);
        }
    }

    private void Save(Dictionary<string, string> values)
    {
        if (filePath is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        // Written to a temporary file first so a crash never leaves a truncated file behind; readable by the owner only.
        var temp = filePath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, filePath, overwrite: true);
    }
}
