namespace Vrsky.Discord.Models;

public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    StringSelect = 3,
    TextInput = 4,
}

public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
}

public enum TextInputStyle
{
    Short = 1,
    Paragraph = 2,
}

/// <summary>
/// One message or modal component. Discord uses a single shape discriminated by <see cref="Type"/>, so this record
/// has every field the bot uses; build them with <see cref="ActionRow"/>, <see cref="Button"/> and <see cref="TextInput"/>.
/// </summary>
public sealed record Component
{
    public ComponentType Type { get; init; }
    public IReadOnlyList<Component>? Components { get; init; }
    public string? CustomId { get; init; }
    public int? Style { get; init; }
    public string? Label { get; init; }
    public bool? Disabled { get; init; }
    public string? Value { get; init; }
    public string? Placeholder { get; init; }
    public bool? Required { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }

    public static Component ActionRow(params Component[] components) => new() { Type = ComponentType.ActionRow, Components = components };

    public static Component Button(string customId, string label, ButtonStyle style = ButtonStyle.Primary, bool disabled = false) =>
        new() { Type = ComponentType.Button, CustomId = customId, Label = label, Style = (int)style, Disabled = disabled ? true : null };

    public static Component TextInput(string customId, string label, TextInputStyle style = TextInputStyle.Short, bool required = true, int? maxLength = null, string? placeholder = null) =>
        new() { Type = ComponentType.TextInput, CustomId = customId, Label = label, Style = (int)style, Required = required, MaxLength = maxLength, Placeholder = placeholder };
}
