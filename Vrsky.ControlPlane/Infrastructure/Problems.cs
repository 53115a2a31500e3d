namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>Every API error is application/problem+json (RFC 9457) with a title and a one-line detail.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: 400, title: "Invalid request");

    public static IResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: 404, title: "Not found");

    public static IResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: 409, title: "Conflict");

    public static IResult Unauthorized(string detail) => TypedResults.Problem(detail, statusCode: 401, title: "Unauthorized");

    public static IResult Forbidden(string detail) => TypedResults.Problem(detail, statusCode: 403, title: "Forbidden");
}
