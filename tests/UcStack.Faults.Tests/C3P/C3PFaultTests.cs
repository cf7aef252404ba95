using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using UcStack.C3P;
using UcStack.Faults.Tests.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Faults.Tests.C3P;

/// <summary>C3P over SIP (conference create, join, in-dialog commands, roster NOTIFYs) through loss, duplication, a
/// lost NOTIFY and a focus restart. docs/faults.md §C3P.</summary>
[TestFixture]
public sealed class C3PFaultTests
{
    private const string FocusAddress = "10.0.0.100";
    private SipFaultHarness _net = null!;
    private SipEndpoint _focusEndpoint = null!;
    private DroppingTransportLayer _focusTransport = null!;
    private ConferenceFocusFactory _factory = null!;
    private C3PSipFocusServer _server = null!;
    private CommandCounter _commands = null!;
    private readonly List<(SipEndpoint Endpoint, C3PClient Client)> _users = [];

    private void SetUp(int seed, SipLinkConditions link)
    {
        _net = new SipFaultHarness(seed, link);
        _commands = new CommandCounter();
        _focusEndpoint = _net.Add("focus", FocusAddress, o => o with { LocalUri = "sip:focus@example.org" }, inner => _focusTransport = new DroppingTransportLayer(inner));
        StartFocus();
    }

    private void StartFocus()
    {
        _factory = new ConferenceFocusFactory(null, null, _net.Clock, _commands);
        _server = new C3PSipFocusServer(new SipUserAgent(_focusEndpoint), _factory);
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var (_, client) in _users)
        {
            var dispose = client.DisposeAsync().AsTask();
            await _net.RunUntilAsync(() => dispose.IsCompleted, TimeSpan.FromSeconds(40));
        }

        _users.Clear();
        await _server.DisposeAsync();
        _factory.Dispose();
        await _net.DisposeAsync();
        _commands.Dispose();
    }

    private C3PClient AddUser(string name, int host)
    {
        var endpoint = _net.Add(name, "10.0.0." + host, o => o with { LocalUri = $"sip:{name}@example.org" });
        var udp = new SipTransportTarget(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.Parse(FocusAddress), 5060));
        var client = new C3PClient(new SipUserAgent(endpoint), new C3PClientOptions
        {
            UserUri = $"sip:{name}@example.org",
            DisplayName = name,
            FocusServer = new SipTransportTarget(SipTransportProtocol.Tcp, udp.EndPoint),
            ServiceServer = udp,
        });
        _users.Add((endpoint, client));
        return client;
    }

    private async Task<T> Drive<T>(Task<T> task, double seconds = 60)
    {
        Assert.That(await _net.RunUntilAsync(() => task.IsCompleted, TimeSpan.FromSeconds(seconds)), Is.True, "did not complete in time");
        return await task;
    }

    private async Task Drive(Task task, double seconds = 60)
    {
        Assert.That(await _net.RunUntilAsync(() => task.IsCompleted, TimeSpan.FromSeconds(seconds)), Is.True, "did not complete in time");
        await task;
    }

    private static ConferenceInfoDocument NewConference(string id) => new()
    {
        Description = new ConferenceDescription { Subject = "Fault drill", ConferenceId = id },
        ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = "chat" }]) },
    };

    [TestCase(61)]
    [TestCase(62)]
    [TestCase(63)]
    public async Task CreateJoinCommand_LossAndDuplication_EachAppliedExactlyOnce(int seed)
    {
        // SERVICE (create) goes over UDP, where 30 % loss and 20 % duplication apply; the focus dialog and its
        // subscription use TCP, as their bodies outgrow a datagram (RFC 3261 §18.1.1).
        SetUp(seed, SipFaultHarness.Rough(0.3));
        var ann = AddUser("ann", 1);
        var created = await Drive(ann.CreateConferenceAsync(NewConference("FLTAAAA1")));
        var conference = await Drive(ann.JoinAsync(created.Entity));
        await Drive(conference.LockAsync());
        await _net.RunAsync(TimeSpan.FromSeconds(35), stepMs: 100);

        // Retransmitted and duplicated SERVICE requests are absorbed by the server transaction (RFC 3261 §17.2.2):
        // the focus executed each command once.
        Assert.That(_net.Count(SipInMemoryTraceKind.Lost, "") + _net.Count(SipInMemoryTraceKind.Duplicated, ""), Is.Positive);
        Assert.That(_commands.Count("addConference"), Is.EqualTo(1));
        Assert.That(_commands.Count("addUser"), Is.EqualTo(1));
        Assert.That(_commands.Count("modifyConferenceLock"), Is.EqualTo(1));
        Assert.That(conference.Roster?.Description?.Subject, Is.EqualTo("Fault drill"));
        await LeaveAndAssertNoLeaksAsync(ann, conference);
    }

    [Test]
    public async Task LostRosterNotify_VersionGap_ClientRequestsAFullRefresh()
    {
        SetUp(64, SipFaultHarness.Rough(0));
        var ann = AddUser("ann", 1);
        var bob = AddUser("bob", 2);
        var created = await Drive(ann.CreateConferenceAsync(NewConference("FLTAAAA2")));
        var annIn = await Drive(ann.JoinAsync(created.Entity));
        await _net.RunUntilAsync(() => annIn.Roster is not null, TimeSpan.FromSeconds(10));
        var getsBefore = _commands.Count("getConference");

        // Every copy of the next roster NOTIFY to ann is lost: bob's join.
        _focusTransport.Lose = r => r.Method == "NOTIFY" && r.RequestUriText.Contains("ann", StringComparison.Ordinal);
        var bobIn = await Drive(bob.JoinAsync(created.Entity));
        await _net.RunAsync(TimeSpan.FromSeconds(2));
        Assert.That(_focusTransport.Lost, Is.Positive, "the NOTIFY was lost");
        _focusTransport.Lose = null;

        // The next change reaches ann with a version one too far ahead: RFC 4575 §4.6, she fetches the whole state.
        await Drive(annIn.LockAsync());
        var focus = (await _factory.GetFocusAsync("FLTAAAA2"))!;
        Assert.That(await _net.RunUntilAsync(() => Equals(annIn.Roster, focus.GetDocument()), TimeSpan.FromSeconds(30)), Is.True, "ann's roster never caught up");
        Assert.That(_commands.Count("getConference"), Is.GreaterThan(getsBefore), "the gap was repaired with getConference");
        Assert.That(annIn.Roster!.Users?.Users.Select(u => u.Entity), Does.Contain("sip:bob@example.org"), "bob's join, whose NOTIFY was lost, is known");
        await LeaveAndAssertNoLeaksAsync(ann, annIn, bobIn);
    }

    [Test]
    public async Task FocusRestart_NextCommandGets481AndTheClientSeesTheConferenceEnd()
    {
        SetUp(65, SipFaultHarness.Rough(0.1));
        var ann = AddUser("ann", 1);
        var created = await Drive(ann.CreateConferenceAsync(NewConference("FLTAAAA3")));
        var conference = await Drive(ann.JoinAsync(created.Entity));

        // The focus process crashes and comes back empty on the same address.
        await _server.DisposeAsync();
        _factory.Dispose();
        _focusEndpoint = await _net.RestartAsync(_focusEndpoint);
        StartFocus();

        // RFC 3261 §12.2.2: the new focus knows no such dialog and answers 481; §12.2.1.2: the dialog ends.
        var command = conference.LockAsync();
        Assert.That(await _net.RunUntilAsync(() => command.IsCompleted && conference.Ended.IsCompleted, TimeSpan.FromSeconds(40)), Is.True);
        Assert.That(async () => await command, Throws.InstanceOf<C3PSipException>());
        Assert.That(await conference.Ended, Is.EqualTo(C3PConferenceEnd.Removed));
        await LeaveAndAssertNoLeaksAsync(null, conference);
    }

    /// <summary>Everyone leaves, the organizer (when given) deletes the conference, whose expiry timer then goes
    /// too, and nothing may be left: no transaction, dialog or armed timer anywhere.</summary>
    private async Task LeaveAndAssertNoLeaksAsync(C3PClient? organizer, params C3PConference[] conferences)
    {
        foreach (var conference in conferences)
        {
            var leave = conference.LeaveAsync();
            Assert.That(await _net.RunUntilAsync(() => leave.IsCompleted, TimeSpan.FromSeconds(40)), Is.True);
            try
            {
                await leave;
            }
            catch (Exception ex) when (ex is C3PSipException or C3PRequestTimeoutException)
            {
                // Leaving a conference whose focus is gone fails; the session is over either way.
            }
        }

        if (organizer is not null)
        {
            var delete = organizer.DeleteConferenceAsync(conferences[0].FocusUri);
            Assert.That(await _net.RunUntilAsync(() => delete.IsCompleted, TimeSpan.FromSeconds(60)), Is.True);
            await delete;
        }

        await _net.AssertNoLeaksAsync([_focusEndpoint, .. _users.Select(u => u.Endpoint)]);
    }

    /// <summary>Counts the focus's answered commands through its meter (<c>ucstack.c3p.commands</c>).</summary>
    private sealed class CommandCounter : IMeterFactory
    {
        private readonly List<Meter> _meters = [];
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, int> _counts = [];

        public CommandCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                lock (_meters)
                {
                    if (_meters.Contains(instrument.Meter) && instrument.Name == "ucstack.c3p.commands") listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key != "command" || tag.Value is not string name) continue;
                    lock (_counts) _counts[name] = _counts.GetValueOrDefault(name) + (int)value;
                }
            });
            _listener.Start();
        }

        public int Count(string command)
        {
            lock (_counts) return _counts.GetValueOrDefault(command);
        }

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            lock (_meters) _meters.Add(meter);
            _listener.RecordObservableInstruments();
            return meter;
        }

        public void Dispose()
        {
            _listener.Dispose();
            lock (_meters)
            {
                foreach (var meter in _meters) meter.Dispose();
            }
        }
    }
}
