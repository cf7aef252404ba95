using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using UcStack.Psom;
using UcStack.Tls;

namespace UcStack.Benchmarks.Psom;

/// <summary>
/// One presenter update fanned out to 100 subscribed sessions: the time from UpdateAsync until every replica has
/// applied the Event. Updates/s = 1 / mean; the p99 column is the latency of the whole fan-out. <see cref="Transport"/>
/// picks in-memory duplex pipes (the protocol alone) or TLS over loopback TCP (what a deployment runs: the server's
/// listener, 101 TLS connections).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FanOutConfig))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet disposes through GlobalCleanup.")]
public class PsomFanOutBenchmarks
{
    private const int Subscribers = 100;
    private readonly List<PsomClient> _clients = [];
    private readonly List<Task> _sessions = [];
    private PsomAdmissionKey _key = null!;
    private PsomServer _server = null!;
    private PsomClient _presenter = null!;
    private long _deck;
    private long _page;
    private int _pending;
    private TaskCompletionSource _allApplied = new();
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private X509Certificate2? _certificate;
    private TcpListener? _listener;
    private Task _serving = Task.CompletedTask;

    /// <summary>How sessions reach the server.</summary>
    [Params("pipes", "tls-loopback")]
    public string Transport { get; set; } = "pipes";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _key = PsomAdmissionKey.CreateRandom();
        _server = new PsomServer(new PsomServerOptions { AdmissionKey = _key });
        if (Transport != "pipes")
        {
            _certificate = TlsCertificates.CreateDevelopmentCertificate(["localhost"]);
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start(Subscribers + 8);
            _serving = _server.ServeAsync(_listener, new TlsServerOptions { ServerCertificate = _certificate }, _stop.Token);
        }

        _presenter = await ConnectAsync("presenter", PsomRole.Presenter);
        _deck = (await _presenter.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, PsomProperties.Of(KeyValuePair.Create("currentPage", PsomValue.FromInteger(0))))).ObjectId;
        for (var i = 0; i < Subscribers; i++)
        {
            var client = await ConnectAsync("attendee" + i, PsomRole.Attendee);
            await client.SubscribeAsync();
            client.Replica.Changed += OnChanged;
            _clients.Add(client);
        }
    }

    [Benchmark(OperationsPerInvoke = 1)]
    public async Task UpdateFanOutTo100()
    {
        _pending = Subscribers;
        _allApplied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _presenter.UpdateAsync(_deck, -1, ImmutableSortedDictionary.Create<string, PsomValue>(StringComparer.Ordinal).Add("currentPage", PsomValue.FromInteger(++_page)));
        await _allApplied.Task;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _presenter.DisposeAsync();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await _stop.CancelAsync();
        await _server.DisposeAsync();
        await Task.WhenAll(_sessions);
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
            // The listener stops by cancellation.
        }

        _listener?.Stop();
        _stop.Dispose();
        _certificate?.Dispose();
        _key.Dispose();
    }

    private void OnChanged(object? sender, PsomChange change)
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _allApplied.TrySetResult();
        }
    }

    private async Task<PsomClient> ConnectAsync(string user, PsomRole role)
    {
        var options = new PsomClientOptions
        {
            ConferenceId = "bench",
            User = user,
            Role = role,
            Token = PsomAdmissionToken.Issue(_key, "bench", user, role, TimeSpan.FromHours(1)),
        };
        if (_listener is not null)
        {
            var tcp = new TcpClient { NoDelay = true };
            _connections.Add(tcp);
            await tcp.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
            return await PsomClient.ConnectTlsAsync(
                tcp.GetStream(),
                new TlsClientOptions { TargetHost = "localhost", UseSystemTrustStore = false, PinnedCertificates = [_certificate!] },
                options);
        }

        var toServer = new Pipe();
        var toClient = new Pipe();
        _sessions.Add(_server.RunSessionAsync(new Duplex(toServer.Reader, toClient.Writer)));
        return await PsomClient.ConnectAsync(new Duplex(toClient.Reader, toServer.Writer), options);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class FanOutConfig : ManualConfig
    {
        public FanOutConfig() => AddColumn(StatisticColumn.P95, new P99Column());
    }

    private sealed class P99Column : IColumn
    {
        public string Id => "P99";

        public string ColumnName => "P99";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "99th percentile of the fan-out latency";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            return statistics is null ? "NA" : (statistics.Percentiles.Percentile(99) / 1000.0).ToString("0.0 'us'", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
