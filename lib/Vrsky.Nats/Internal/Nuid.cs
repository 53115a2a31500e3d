using System.Security.Cryptography;

namespace Vrsky.Nats.Internal;

/// <summary>
/// Unique 22-character base62 ids: a random 12-character prefix plus a 10-character sequence that
/// advances by a random step, so ids are cheap to make and unguessable across processes.
/// </summary>
internal static class Nuid
{
    private const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int PrefixLength = 12;
    private const int SequenceLength = 10;
    private const long MaxSequence = 839299365868340224L; // 62^10
    private const long MinIncrement = 33;
    private const long MaxIncrement = 333;

    private static readonly Lock Gate = new();
    private static char[] _prefix = NewPrefix();
    private static long _sequence = RandomNumberGenerator.GetInt32(int.MaxValue) * 1000L;
    private static long _increment = NextIncrement();

    public static string Next()
    {
        Span<char> id = stackalloc char[PrefixLength + SequenceLength];
        lock (Gate)
        {
            _sequence += _increment;
            if (_sequence >= MaxSequence)
            {
                _prefix = NewPrefix();
                _sequence = RandomNumberGenerator.GetInt32(int.MaxValue);
                _increment = NextIncrement();
            }

            _prefix.CopyTo(id);
            var value = _sequence;
            for (var i = id.Length - 1; i >= PrefixLength; i--)
            {
                id[i] = Digits[(int)(value % 62)];
                value /= 62;
            }
        }

        return new string(id);
    }

    private static char[] NewPrefix()
    {
        var prefix = new char[PrefixLength];
        for (var i = 0; i < prefix.Length; i++)
        {
            prefix[i] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        }

        return prefix;
    }

    private static long NextIncrement() => MinIncrement + RandomNumberGenerator.GetInt32((int)(MaxIncrement - MinIncrement));
}
