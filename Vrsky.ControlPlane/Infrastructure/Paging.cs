using System.Globalization;

namespace Vrsky.ControlPlane.Infrastructure;

/// <summary>
/// Lists come in pages: <c>limit</c> items (1 to <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>) after the
/// <c>after</c> cursor. The body stays a JSON array; when more follow, a <c>Link: &lt;…&gt;; rel="next"</c> header
/// (RFC 8288) names the next page, with the cursor of the page's last item.
/// </summary>
internal static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>The page size to use, or the problem to answer with.</summary>
    public static (int Limit, IResult? Problem) Limit(int? limit) =>
        limit is < 1 or > MaxLimit
            ? (0, Problems.BadRequest($"'limit' must be between 1 and {MaxLimit}."))
            : (limit ?? DefaultLimit, null);

    /// <summary>
    /// <paramref name="items"/> were read with one more than <paramref name="limit"/>: if that one came, it is left
    /// out and the next page is linked, starting after the cursor of the last item kept.
    /// </summary>
    public static IResult Page<T>(HttpContext http, IReadOnlyList<T> items, int limit, Func<T, string> cursor) =>
        Page(http, items, limit, cursor, item => item);

    /// <summary>As above, answering with <paramref name="body"/> of each item.</summary>
    public static IResult Page<T, TBody>(HttpContext http, IReadOnlyList<T> items, int limit, Func<T, string> cursor, Func<T, TBody> body)
    {
        var page = items.Take(limit).ToList();
        if (items.Count > limit)
        {
            var next = $"{http.Request.PathBase}{http.Request.Path}?limit={limit.ToString(CultureInfo.InvariantCulture)}&after={Uri.EscapeDataString(cursor(page[^1]))}";
            http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Select(body).ToList());
    }
}
