using System.Text.Json;
using Vrsky.ControlPlane.Infrastructure;

namespace Vrsky.ControlPlane.Integrations;

public sealed record Integration(
    Guid Id,
    Guid TenantId,
    string Name,
    string Status,
    Guid? NatsInstanceId,
    JsonElement ConsumerConfig,
    JsonElement Converters,
    JsonElement Filters,
    JsonElement ProducerConfig,
    int MaxRetries,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Create and update body; on update, absent fields keep their value.</summary>
public sealed record IntegrationRequest(
    string? Name, string? Status, JsonElement? ConsumerConfig, JsonElement? Converters, JsonElement? Filters, JsonElement? ProducerConfig, int? MaxRetries)
{
    public const int MaxNameLength = 200;
    public const int MaxRetriesLimit = 10;

    /// <summary>Null when valid, otherwise why not.</summary>
    public string? Validate(bool creating) =>
        creating && string.IsNullOrWhiteSpace(Name) ? "'name' is required."
        : Name is { Length: > MaxNameLength } ? $"'name' must be at most {MaxNameLength} characters."
        : Name is not null && string.IsNullOrWhiteSpace(Name) ? "'name' must not be blank."
        : TextInput.ControlCharacters("name", Name) is { } nameError ? nameError
        : Status is not (null or "active" or "paused") ? "'status' must be 'active' or 'paused'."
        : ConsumerConfig is { ValueKind: not JsonValueKind.Object } ? "'consumer_config' must be an object."
        : ProducerConfig is { ValueKind: not JsonValueKind.Object } ? "'producer_config' must be an object."
        : Converters is { ValueKind: not JsonValueKind.Array } ? "'converters' must be an array."
        : Filters is { ValueKind: not JsonValueKind.Array } ? "'filters' must be an array."
        : MaxRetries is < 0 or > MaxRetriesLimit ? $"'max_retries' must be between 0 and {MaxRetriesLimit}."
        : TextInput.JsonText("consumer_config", ConsumerConfig) ?? TextInput.JsonText("producer_config", ProducerConfig)
            ?? TextInput.JsonText("converters", Converters) ?? TextInput.JsonText("filters", Filters);
}
