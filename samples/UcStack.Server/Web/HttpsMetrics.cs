using System.Diagnostics.Metrics;

namespace UcStack.Server.Web;

/// <summary>The HTTPS services' own meter (<c>UcStack.Server.Https</c>); Kestrel reports requests and connections.</summary>
internal sealed class HttpsMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _authenticationFailures;

    /// <summary>Creates the meter through <paramref name="meterFactory"/>, or a private one.</summary>
    /// <param name="meterFactory">The host's meter factory, if any.</param>
    public HttpsMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create("UcStack.Server.Https") ?? new Meter("UcStack.Server.Https");
        _authenticationFailures = _meter.CreateCounter<long>("ucstack.server.https.authentication.failures", "{request}",
            "Requests answered 401 or 400 because they did not authenticate.");
    }

    /// <summary>Counts a request that did not authenticate.</summary>
    /// <param name="outcome">Why.</param>
    public void AuthenticationFailed(HttpAuthenticationOutcome outcome)
    {
        if (_authenticationFailures.Enabled) _authenticationFailures.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
    }

    /// <summary>Disposes a private meter; a factory's meters belong to the factory, which may hand the same one out again.</summary>
    public void Dispose()
    {
        if (_ownsMeter) _meter.Dispose();
    }
}
