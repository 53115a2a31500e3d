namespace Vrsky.Hosting.ApplicationModel;

/// <summary>Base for every resource: a validated name and its annotations.</summary>
public abstract class Resource : IResource
{
    protected Resource(string name)
    {
        ResourceNameValidator.ThrowIfInvalid(name);
        Name = name;
    }

    public string Name { get; }

    public IList<IResourceAnnotation> Annotations { get; } = new List<IResourceAnnotation>();

    public override string ToString() => Name;
}

internal static class ResourceNameValidator
{
    /// <summary>Names become DNS labels, env var parts and manifest keys, so they follow DNS-1123 label rules.</summary>
    public static void ThrowIfInvalid(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 63)
        {
            throw new ArgumentException($"Resource name '{name}' is longer than 63 characters.", nameof(name));
        }

        if (!char.IsAsciiLetterLower(name[0]) || name[^1] == '-' ||
            name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new ArgumentException(
                $"Resource name '{name}' is invalid: use lower-case letters, digits and '-', starting with a letter.", nameof(name));
        }
    }
}
