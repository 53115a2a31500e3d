using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vrsky.Hosting.ApplicationModel;

/// <summary>
/// A string with late-bound holes (endpoints, parameters, other connection strings). Run mode resolves the
/// holes to values; publish mode writes them as manifest expressions, so one model serves both.
/// </summary>
public sealed class ReferenceExpression : IValueProvider, IManifestExpressionProvider
{
    private readonly string[] _literals;
    private readonly object[] _holes;

    private ReferenceExpression(string[] literals, object[] holes)
    {
        _literals = literals;
        _holes = holes;
    }

    /// <summary>The value providers in the expression, in order.</summary>
    public IReadOnlyList<object> ValueProviders => _holes;

    public string ValueExpression => Render(h => ((IManifestExpressionProvider)h).ValueExpression);

    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => handler.Build();

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var values = new string?[_holes.Length];
        for (var i = 0; i < _holes.Length; i++)
        {
            values[i] = await ((IValueProvider)_holes[i]).GetValueAsync(cancellationToken).ConfigureAwait(false);
        }

        var index = 0;
        return Render(_ => values[index++] ?? string.Empty);
    }

    private string Render(Func<object, string> hole)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _literals.Length; i++)
        {
            sb.Append(_literals[i]);
            if (i < _holes.Length)
            {
                sb.Append(hole(_holes[i]));
            }
        }

        return sb.ToString();
    }

    public override string ToString() => ValueExpression;

    [InterpolatedStringHandler]
    public ref struct ExpressionInterpolatedStringHandler
    {
        private readonly List<string> _literals;
        private readonly List<object> _holes;
        private StringBuilder _current;

        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _literals = new List<string>(formattedCount + 1);
            _holes = new List<object>(formattedCount);
            _current = new StringBuilder(literalLength);
        }

        public void AppendLiteral(string value) => _current.Append(value);

        public void AppendFormatted(string? value) => _current.Append(value);

        public void AppendFormatted(int value) => _current.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted<T>(T value) where T : IValueProvider, IManifestExpressionProvider
        {
            _literals.Add(_current.ToString());
            _current = new StringBuilder();
            _holes.Add(value);
        }

        internal readonly ReferenceExpression Build() =>
            new([.. _literals, _current.ToString()], [.. _holes]);
    }
}
