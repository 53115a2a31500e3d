using Microsoft.AspNetCore.Http.HttpResults;

namespace Vrsky.Gateway;

/// <summary>The gateway's <c>application/problem+json</c> answers, one per status it uses.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult TooManyRequests(string detail) => Create(StatusCodes.Status429TooManyRequests, "Too many requests", detail);

    private static ProblemHttpResult Create(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
