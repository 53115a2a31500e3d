using System.Collections;

namespace Vrsky.Nats;

/// <summary>
/// Message headers. Keys are case-sensitive, as NATS treats them; a key can carry several values.
/// A status line such as <c>NATS/1.0 503</c> is exposed as <see cref="Code"/> and <see cref="MessageText"/>.
/// </summary>
public sealed class NatsHeaders : IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public NatsHeaders()
    {
    }

    internal NatsHeaders(int code, string messageText)
    {
        Code = code;
        MessageText = messageText;
    }

    /// <summary>Status code from the version line (503 no responders, 408 timeout, 404...), 0 when absent.</summary>
    public int Code { get; }

    /// <summary>Status description following the code, empty when absent.</summary>
    public string MessageText { get; } = "";

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Gets the first value (throws <see cref="KeyNotFoundException"/> when absent) or replaces all values with one.</summary>
    public string this[string key]
    {
        get => _values.TryGetValue(key, out var list) ? list[0] : throw new KeyNotFoundException($"Header '{key}' is not present");
        set
        {
            Validate(key, value);
            _values[key] = [value];
        }
    }

    /// <summary>Adds a value, keeping existing ones for the same key.</summary>
    public void Add(string key, string value)
    {
        Validate(key, value);
        if (_values.TryGetValue(key, out var list))
        {
            list.Add(value);
        }
        else
        {
            _values[key] = [value];
        }
    }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool Remove(string key) => _values.Remove(key);

    /// <summary>The first value of <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, out string value)
    {
        if (_values.TryGetValue(key, out var list))
        {
            value = list[0];
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>All values of <paramref name="key"/> in the order they were added or received.</summary>
    public IReadOnlyList<string> GetValues(string key) => _values.TryGetValue(key, out var list) ? list : [];

    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator() =>
        _values.Select(kv => new KeyValuePair<string, IReadOnlyList<string>>(kv.Key, kv.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void AddParsed(string key, string value)
    {
        if (_values.TryGetValue(key, out var list))
        {
            list.Add(value);
        }
        else
        {
            _values[key] = [value];
        }
    }

    internal IEnumerable<KeyValuePair<string, List<string>>> Raw => _values;

    private static void Validate(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in key)
        {
            if (c <= ' ' || c == ':' || c > '~')
            {
                throw new ArgumentException($"Header name '{key}' contains a character not allowed in NATS headers", nameof(key));
            }
        }

        if (value.Contains('\r') || value.Contains('\n'))
        {
            throw new ArgumentException($"Header '{key}' value contains a line break", nameof(value));
        }
    }
}
