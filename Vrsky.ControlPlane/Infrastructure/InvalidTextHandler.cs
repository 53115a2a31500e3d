using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>
/// Text the database cannot store is the request's fault: should any reach it past validation, the answer is a 400
/// problem rather than a 500. The database's message is not passed on (it may quote the input).
/// </summary>
internal sealed class InvalidTextHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PostgresException
            {
                SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter or PostgresErrorCodes.InvalidTextRepresentation,
            })
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid request",
                Detail = "The request holds text the database cannot store (a NUL or an invalid character).",
            },
        });
    }
}
