using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Vrsky.Hosting.Publishing.Kubernetes;

/// <summary>
/// Writes typed Kubernetes objects as YAML: objects become a JSON tree (camelCase, nulls left out, properties in
/// declaration order, maps in key order), which is emitted as block YAML. Strings stay plain only when YAML cannot
/// read them as anything else; multi-line strings become literal blocks. Same objects, same bytes.
/// </summary>
public static partial class KubernetesYaml
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] LeadingKeys = ["apiVersion", "kind", "metadata"];

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
    };

    /// <summary>One YAML document per object, separated by <c>---</c>.</summary>
    public static string Serialize(IEnumerable<object> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var sb = new StringBuilder();
        foreach (var obj in objects)
        {
            if (sb.Length > 0)
            {
                sb.Append("---\n");
            }

            WriteMap(sb, ToNode(obj), 0);
        }

        return sb.ToString();
    }

    /// <summary>The JSON tree an object serializes to, with <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> first.</summary>
    public static JsonObject ToNode(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var node = JsonSerializer.SerializeToNode(obj, obj.GetType(), SerializerOptions) as JsonObject
            ?? throw new ArgumentException($"{obj.GetType().Name} does not serialize to an object.", nameof(obj));
        var ordered = new JsonObject();
        foreach (var key in LeadingKeys.Where(node.ContainsKey))
        {
            ordered[key] = node[key]!.DeepClone();
        }

        foreach (var (key, value) in node.Where(p => !LeadingKeys.Contains(p.Key)))
        {
            ordered[key] = value?.DeepClone();
        }

        return ordered;
    }

    private static void WriteMap(StringBuilder sb, JsonObject map, int indent)
    {
        foreach (var (key, value) in map)
        {
            sb.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(sb, value, indent);
        }
    }

    /// <summary>Writes what follows <c>key:</c>, including the line break.</summary>
    private static void WriteValue(StringBuilder sb, JsonNode? value, int indent)
    {
        switch (value)
        {
            case null:
                sb.Append(" null\n");
                break;
            case JsonObject { Count: 0 }:
                sb.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                sb.Append(" []\n");
                break;
            case JsonObject obj:
                sb.Append('\n');
                WriteMap(sb, obj, indent + 2);
                break;
            case JsonArray array:
                sb.Append('\n');
                WriteSequence(sb, array, indent + 2);
                break;
            default:
                if (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text && CanBeBlock(text))
                {
                    WriteBlock(sb, text, indent + 2);
                }
                else
                {
                    sb.Append(' ').Append(Scalar(value)).Append('\n');
                }

                break;
        }
    }

    private static void WriteSequence(StringBuilder sb, JsonArray array, int indent)
    {
        foreach (var item in array)
        {
            if (item is JsonObject { Count: > 0 } obj)
            {
                // The first key shares the line with the dash; the rest line up under it.
                var nested = new StringBuilder();
                WriteMap(nested, obj, indent + 2);
                sb.Append(' ', indent).Append("- ").Append(nested, indent + 2, nested.Length - indent - 2);
            }
            else if (item is JsonArray { Count: > 0 } inner)
            {
                sb.Append(' ', indent).Append("-\n");
                WriteSequence(sb, inner, indent + 2);
            }
            else
            {
                sb.Append(' ', indent).Append('-');
                WriteValue(sb, item, indent);
            }
        }
    }

    private static bool CanBeBlock(string text) =>
        text.Contains('\n') && !text.StartsWith(' ') && !text.StartsWith('\n') && !text.Contains('\r') && !text.Contains('\t')
        && text.Split('\n').All(line => line.Length == 0 || !char.IsWhiteSpace(line[^1]));

    private static void WriteBlock(StringBuilder sb, string text, int indent)
    {
        var body = text.TrimEnd('\n');
        var trailing = text.Length - body.Length;
        sb.Append(trailing switch { 0 => " |-", 1 => " |", _ => " |+" }).Append('\n');
        foreach (var line in text[..(body.Length + Math.Max(0, trailing - 1))].Split('\n'))
        {
            if (line.Length > 0)
            {
                sb.Append(' ', indent).Append(line);
            }

            sb.Append('\n');
        }
    }

    private static string Scalar(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        var kind => throw new InvalidOperationException($"Unexpected JSON value kind {kind}."),
    };

    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !Reserved.Contains(text)
            ? text
            : JsonSerializer.Serialize(text, SerializerOptions);

    /// <summary>Starts with a letter, '/', '_' or '$'; then only characters that never start or end a YAML token.</summary>
    [GeneratedRegex(@"^[A-Za-z_/$][A-Za-z0-9_./$()-]*$")]
    private static partial Regex PlainSafe();
}
