using System.Text.Json;
using Microsoft.Playwright;

namespace Vrsky.Dashboard.Bench;

/// <summary>
/// A page to load and what "rendered" means for it: the document complete and at least <see cref="MinRows"/> elements
/// matching <see cref="RowSelector"/>. For a <see cref="Streamed"/> page (the console tail arrives over server-sent
/// events after the document) the count is known in advance; for the others it is taken from an unmeasured first load.
/// </summary>
internal sealed record PageSpec(string Name, string Path, string RowSelector, int MinRows = 0, bool Streamed = false);

/// <summary>
/// One load, timed inside the browser from navigation start: the server's time to first byte, the document's transfer,
/// and when the page was rendered (rows in the document, laid out and painted); bytes are every response body the page received until then (DevTools Network).
/// </summary>
internal sealed record LoadSample(double RenderedMs, double ServerMs, double TransferMs, double ResponseEndMs, long Bytes, int Rows, int DomNodes)
{
    public double ClientMs => RenderedMs - ResponseEndMs;
}

internal sealed class PageLoader(IBrowserContext context, Uri dashboard)
{
    // Polled in every animation frame. Once the rows are in the document, a timeout queued from that frame's callback
    // runs after the frame's style, layout and paint: "rendered" is when the rows were on screen, not just in the DOM.
    private const string RenderedScript = """
        ([selector, min]) => {
          if (window.benchPainted) return window.benchPainted;
          if (!window.benchSeen && document.readyState === "complete" && document.querySelectorAll(selector).length >= min) {
            window.benchSeen = true;
            setTimeout(() => { window.benchPainted = performance.now(); });
          }
          return false;
        }
        """;

    private const string NavigationScript = """
        () => { const n = performance.getEntriesByType("navigation")[0];
                return { server: n.responseStart - n.requestStart, transfer: n.responseEnd - n.responseStart, responseEnd: n.responseEnd, nodes: document.getElementsByTagName("*").length }; }
        """;

    public async Task<IReadOnlyList<LoadSample>> MeasureAsync(PageSpec spec, int loads)
    {
        var page = await context.NewPageAsync();
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("Network.enable");
        long bytes = 0;
        devTools.Event("Network.dataReceived").OnEvent += (_, e) => Interlocked.Add(ref bytes, e!.Value.GetProperty("dataLength").GetInt64());

        var min = spec.MinRows;
        var samples = new List<LoadSample>();
        try
        {
            // The first load warms the server's and the browser's code paths and, for a server-rendered page, tells how many rows it has.
            for (var load = 0; load <= loads; load++)
            {
                await page.GotoAsync("about:blank");
                Interlocked.Exchange(ref bytes, 0);
                await page.GotoAsync(new Uri(dashboard, spec.Path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                var rendered = await page.WaitForFunctionAsync(RenderedScript, new object[] { spec.RowSelector, min }, new PageWaitForFunctionOptions { Timeout = 120_000 });
                var renderedMs = await rendered.JsonValueAsync<double>();
                var navigation = await page.EvaluateAsync<JsonElement>(NavigationScript);
                var rows = await page.Locator(spec.RowSelector).CountAsync();
                var sample = new LoadSample(
                    renderedMs,
                    navigation.GetProperty("server").GetDouble(),
                    navigation.GetProperty("transfer").GetDouble(),
                    navigation.GetProperty("responseEnd").GetDouble(),
                    Interlocked.Read(ref bytes),
                    rows,
                    navigation.GetProperty("nodes").GetInt32());
                if (load == 0)
                {
                    min = spec.Streamed ? min : Math.Max(min, rows);
                }
                else
                {
                    samples.Add(sample);
                }
            }
        }
        finally
        {
            await page.CloseAsync();
        }

        return samples;
    }
}
