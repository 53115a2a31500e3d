using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vrsky.Hosting.Tests.Publishing;

/// <summary>
/// The part of JSON Schema draft-07 that the Aspire manifest schema uses: <c>$ref</c> (local definitions), <c>type</c>,
/// <c>required</c>, <c>properties</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>const</c>, <c>oneOf</c>,
/// <c>anyOf</c>, <c>allOf</c>, <c>not</c> and boolean schemas. An unknown keyword fails loudly rather than passing silently.
/// </summary>
internal sealed class JsonSchemaValidator(JsonNode root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "description", "title", "definitions", "default", "examples"];

    public List<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonNode? schema, JsonNode? instance, string path, List<string> errors)
    {
        if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (!boolean.GetValue<bool>())
            {
                errors.Add($"{path}: not allowed");
            }

            return;
        }

        var obj = schema as JsonObject ?? throw new InvalidOperationException($"Schema at {path} is not an object.");
        foreach (var (keyword, value) in obj)
        {
            switch (keyword)
            {
                case "$ref":
                    Check(Resolve(value!.GetValue<string>()), instance, path, errors);
                    break;
                case "type":
                    var types = value is JsonArray list ? list.Select(t => t!.GetValue<string>()).ToList() : [value!.GetValue<string>()];
                    if (!types.Any(t => HasType(instance, t)))
                    {
                        errors.Add($"{path}: expected {string.Join(" or ", types)}, found {Kind(instance)}");
                    }

                    break;
                case "required" when instance is JsonObject o:
                    errors.AddRange(value!.AsArray().Select(r => r!.GetValue<string>()).Where(r => !o.ContainsKey(r)).Select(r => $"{path}: missing '{r}'"));
                    break;
                case "properties" when instance is JsonObject o:
                    foreach (var (name, propertySchema) in value!.AsObject())
                    {
                        if (o.TryGetPropertyValue(name, out var propertyValue))
                        {
                            Check(propertySchema, propertyValue, $"{path}.{name}", errors);
                        }
                    }

                    break;
                case "additionalProperties" when instance is JsonObject o:
                    var declared = obj["properties"]?.AsObject().Select(p => p.Key).ToHashSet() ?? [];
                    foreach (var (name, propertyValue) in o.Where(p => !declared.Contains(p.Key)))
                    {
                        Check(value, propertyValue, $"{path}.{name}", errors);
                    }

                    break;
                case "items" when instance is JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Check(value, a[i], $"{path}[{i}]", errors);
                    }

                    break;
                case "enum":
                    if (!value!.AsArray().Any(e => JsonNode.DeepEquals(e, instance)))
                    {
                        errors.Add($"{path}: {instance?.ToJsonString()} is not one of {value.ToJsonString()}");
                    }

                    break;
                case "const":
                    if (!JsonNode.DeepEquals(value, instance))
                    {
                        errors.Add($"{path}: expected {value?.ToJsonString()}");
                    }

                    break;
                case "oneOf":
                    var matches = value!.AsArray().Count(s => Validates(s, instance, path));
                    if (matches != 1)
                    {
                        errors.Add($"{path}: matches {matches} of the oneOf schemas, not exactly one");
                    }

                    break;
                case "anyOf":
                    if (!value!.AsArray().Any(s => Validates(s, instance, path)))
                    {
                        errors.Add($"{path}: matches none of the anyOf schemas");
                    }

                    break;
                case "allOf":
                    foreach (var s in value!.AsArray())
                    {
                        Check(s, instance, path, errors);
                    }

                    break;
                case "not":
                    if (Validates(value, instance, path))
                    {
                        errors.Add($"{path}: matches a schema it must not match");
                    }

                    break;
                case "required" or "properties" or "additionalProperties" or "items":
                    break; // Applies to another instance type.
                default:
                    if (!Annotations.Contains(keyword))
                    {
                        throw new NotSupportedException($"Schema keyword '{keyword}' at {path} is not supported by this validator.");
                    }

                    break;
            }
        }
    }

    private bool Validates(JsonNode? schema, JsonNode? instance, string path)
    {
        var errors = new List<string>();
        Check(schema, instance, path, errors);
        return errors.Count == 0;
    }

    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local references are supported, not '{reference}'.");
        }

        JsonNode? node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node ?? throw new InvalidOperationException($"Unresolved reference '{reference}'.");
    }

    private static bool HasType(JsonNode? instance, string type) => (type, Kind(instance)) switch
    {
        ("integer", "number") => instance!.GetValue<JsonElement>().TryGetInt64(out _),
        var (expected, actual) => expected == actual,
    };

    private static string Kind(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => instance.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
    };
}
