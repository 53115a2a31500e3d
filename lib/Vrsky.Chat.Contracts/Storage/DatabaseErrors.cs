using System.Text;
using Npgsql;

namespace Vrsky.Chat.Contracts.Storage;

/// <summary>Tells a failure that the same input will meet again from one that may pass on another attempt.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// The input itself is at fault: a data exception (SQLSTATE class 22, e.g. 22021 a NUL byte, 22P05 an
    /// untranslatable character), an integrity violation (class 23), or text the driver cannot encode.
    /// Retrying such work only holds up what queues behind it.
    /// </summary>
    public static bool IsPermanent(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: ['2', '2' or '3', ..] } or EncoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The database is unreachable, restarting or short of resources: what Npgsql reports as transient (refused
    /// or broken connections, 53xxx, 55000 a database not accepting connections, …) and the server shutting down
    /// a session (class 57P: admin or crash shutdown, cannot connect now).
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is PostgresException { SqlState: ['5', '7', 'P', ..] } or NpgsqlException { IsTransient: true };
}
