using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace UcStack.Sip.Transport;

/// <summary>
/// Transport instruments (meter <c>UcStack.Sip.Transport</c>): <c>ucstack.sip.transport.messages.received</c> and
/// <c>.messages.sent</c> (tag <c>protocol</c>), <c>.parse_failures</c> (tag <c>protocol</c>), <c>.messages.dropped</c>
/// (tag <c>reason</c>), <c>.connections.opened</c>, <c>.connections.closed</c> and the up-down
/// <c>.connections.active</c> (tag <c>protocol</c>), and <c>.connections.aborted</c> (tag <c>reason</c>: connections
/// refused or closed by a limit, e.g. <c>message-timeout</c> for a slow-loris peer). The meter comes from the <see cref="IMeterFactory"/> when one
/// is given, else it is private to the layer. Plain counts are kept too, for tests and diagnostics.
/// </summary>
internal sealed class SipTransportMetrics : IDisposable
{
    public const string MeterName = "UcStack.Sip.Transport";

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _parseFailures;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _opened;
    private readonly Counter<long> _closed;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _aborted;
    private readonly ConcurrentDictionary<string, long> _abortedCounts = new(StringComparer.Ordinal);
    private long _receivedCount;
    private long _sentCount;
    private long _parseFailureCount;
    private long _droppedCount;
    private long _openedCount;
    private long _closedCount;

    public SipTransportMetrics(IMeterFactory? factory)
    {
        Meter meter;
        if (factory is null)
        {
            meter = _ownedMeter = new Meter(MeterName);
        }
        else
        {
            meter = factory.Create(MeterName);
        }

        _received = meter.CreateCounter<long>("ucstack.sip.transport.messages.received", "{message}", "SIP messages parsed and delivered.");
        _sent = meter.CreateCounter<long>("ucstack.sip.transport.messages.sent", "{message}", "SIP messages written to the network.");
        _parseFailures = meter.CreateCounter<long>("ucstack.sip.transport.parse_failures", "{message}", "Datagrams or streams that failed to parse.");
        _dropped = meter.CreateCounter<long>("ucstack.sip.transport.messages.dropped", "{message}", "Well-formed messages discarded.");
        _opened = meter.CreateCounter<long>("ucstack.sip.transport.connections.opened", "{connection}", "Stream connections opened or accepted.");
        _closed = meter.CreateCounter<long>("ucstack.sip.transport.connections.closed", "{connection}", "Stream connections closed.");
        _active = meter.CreateUpDownCounter<long>("ucstack.sip.transport.connections.active", "{connection}", "Stream connections open now.");
        _aborted = meter.CreateCounter<long>("ucstack.sip.transport.connections.aborted", "{connection}", "Stream connections refused or closed by a limit.");
    }

    public long ReceivedCount => Interlocked.Read(ref _receivedCount);

    public long SentCount => Interlocked.Read(ref _sentCount);

    public long ParseFailureCount => Interlocked.Read(ref _parseFailureCount);

    public long DroppedCount => Interlocked.Read(ref _droppedCount);

    public long OpenedCount => Interlocked.Read(ref _openedCount);

    public long ClosedCount => Interlocked.Read(ref _closedCount);

    public void Received(SipTransportProtocol protocol)
    {
        Interlocked.Increment(ref _receivedCount);
        if (_received.Enabled) _received.Add(1, Tag(protocol));
    }

    public void Sent(SipTransportProtocol protocol)
    {
        Interlocked.Increment(ref _sentCount);
        if (_sent.Enabled) _sent.Add(1, Tag(protocol));
    }

    public void ParseFailed(SipTransportProtocol protocol)
    {
        Interlocked.Increment(ref _parseFailureCount);
        if (_parseFailures.Enabled) _parseFailures.Add(1, Tag(protocol));
    }

    public void Dropped(string reason)
    {
        Interlocked.Increment(ref _droppedCount);
        if (_dropped.Enabled) _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void ConnectionOpened(SipTransportProtocol protocol)
    {
        Interlocked.Increment(ref _openedCount);
        if (_opened.Enabled) _opened.Add(1, Tag(protocol));
        if (_active.Enabled) _active.Add(1, Tag(protocol));
    }

    public void ConnectionClosed(SipTransportProtocol protocol)
    {
        Interlocked.Increment(ref _closedCount);
        if (_closed.Enabled) _closed.Add(1, Tag(protocol));
        if (_active.Enabled) _active.Add(-1, Tag(protocol));
    }

    public long AbortedCount(string reason) => _abortedCounts.TryGetValue(reason, out var n) ? n : 0;

    public void Aborted(string reason)
    {
        _abortedCounts.AddOrUpdate(reason, 1, static (_, n) => n + 1);
        if (_aborted.Enabled) _aborted.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Dispose() => _ownedMeter?.Dispose();

    private static KeyValuePair<string, object?> Tag(SipTransportProtocol protocol)
        => new("protocol", protocol switch { SipTransportProtocol.Udp => "udp", SipTransportProtocol.Tcp => "tcp", _ => "tls" });
}
