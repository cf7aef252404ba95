using System.Net;
using System.Text;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P.Tests.Sip;

/// <summary>The focus server's SIP-level refusals and the client's typed errors, on the in-memory network.</summary>
public sealed class C3PSipFocusServerTests
{
    private static readonly string FocusUri = C3PAddress.Focus("sip:ann@example.org", "K7QW2Z9M");

    private static ConferenceInfoDocument NewConference() => new()
    {
        Description = new ConferenceDescription { ConferenceId = "K7QW2Z9M" },
        ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = "chat" }]) },
    };

    private static async Task<SipResponse> Service(SipConferenceNetwork net, C3PClient client, string requestUri, byte[] body, string contentType)
    {
        var endpoint = client.Agent.Endpoint;
        var request = endpoint.CreateRequest("SERVICE", requestUri, requestUri, SipTransportProtocol.Tcp).SetBody(body, contentType).Build();
        return await net.Drive(endpoint.SendRequestAsync(request, SipConferenceNetwork.ServerTcp));
    }

    private static SipConferenceNetwork Network() => new(new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(5) });

    [Test]
    public async Task Service_MalformedXml_400WithDiagnostic3006()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        using var response = await Service(net, ann, ann.FocusFactoryUri, Encoding.UTF8.GetBytes("<request"), "application/cccp+xml");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Headers.TryGetFirst("ms-diagnostics", out var header), Is.True);
        Assert.That(C3PDiagnostic.TryParse(header.Value, out var diagnostic), Is.True);
        Assert.That(diagnostic!.Id, Is.EqualTo(C3PDiagnosticId.ParseFailure));
        Assert.That(response.Body.IsEmpty, Is.True, "MS-CONFPRO §2.2.3: a 400 carries no C3P body");
    }

    [Test]
    public async Task Service_WrongContentType_415()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        using var response = await Service(net, ann, ann.FocusFactoryUri, Encoding.UTF8.GetBytes("hi"), "text/plain");
        Assert.That(response.StatusCode, Is.EqualTo(415));
    }

    [Test]
    public async Task Service_C3PToIsNotTheTarget_400WithDiagnostic3001()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        var request = new C3PRequest { RequestId = 1, From = ann.UserUri, To = C3PAddress.FocusFactory("sip:zed@example.org"), Command = new GetAvailableMcuTypesCommand() };
        using var response = await Service(net, ann, ann.FocusFactoryUri, C3PXml.Write(request), "application/cccp+xml");
        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Headers.TryGetFirst("ms-diagnostics", out var header) && C3PDiagnostic.TryParse(header.Value, out var d) ? d.Id : C3PDiagnosticId.Unknown, Is.EqualTo(C3PDiagnosticId.BadTo));
    }

    [Test]
    public async Task Service_NotAFocusFactory_404()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        using var response = await Service(net, ann, "sip:ann@example.org", Encoding.UTF8.GetBytes("<x/>"), "application/cccp+xml");
        Assert.That(response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Invite_BodyNotAnAddUserJoin_400()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        await net.Drive(ann.CreateConferenceAsync(NewConference()));
        var request = new C3PRequest { RequestId = 9, From = ann.UserUri, To = FocusUri, Command = new ModifyConferenceLockCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, Locked = true } };
        var call = await ann.Agent.StartCallAsync(FocusUri, C3PXml.Write(request), "application/cccp+xml", null, SipConferenceNetwork.ServerTcp);
        await net.RunUntil(() => call.Established.IsCompleted);
        var failed = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(SipConferenceNetwork.Bound));
        Assert.That(failed!.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Join_UnknownConference_TypedConferenceDoesNotExist()
    {
        await using var net = Network();
        var bob = net.AddUser("bob");
        var error = Assert.ThrowsAsync<C3PRequestFailedException>(async () => await net.Drive(bob.JoinAsync(FocusUri)));
        Assert.That(error!.Reason, Is.EqualTo(C3PFailureReason.ConferenceDoesNotExist));
    }

    [Test]
    public async Task Subscribe_OtherEventPackage_489()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        await net.Drive(ann.CreateConferenceAsync(NewConference()));
        var error = Assert.ThrowsAsync<SipSubscriptionException>(async () =>
            await net.Drive(ann.Agent.SubscribeAsync(FocusUri, "presence", TimeSpan.FromMinutes(5), null, SipConferenceNetwork.ServerTcp)));
        Assert.That(error!.StatusCode, Is.EqualTo(489));
    }

    [Test]
    public async Task Subscribe_NotAParticipant_403()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        await net.Drive(ann.CreateConferenceAsync(NewConference()));
        var error = Assert.ThrowsAsync<SipSubscriptionException>(async () =>
            await net.Drive(ann.Agent.SubscribeAsync(FocusUri, "conference", TimeSpan.FromMinutes(5), null, SipConferenceNetwork.ServerTcp)));
        Assert.That(error!.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task Service_NobodyAnswers_TypedTimeoutOnTheTimeProvider()
    {
        await using var net = Network();
        var lost = new C3PClient(net.AddUser("zed").Agent, new C3PClientOptions
        {
            UserUri = "sip:zed@example.org",
            FocusServer = new SipTransportTarget(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.Parse("10.0.0.222"), 5060)),
            RequestTimeout = TimeSpan.FromSeconds(5),
        });
        var task = lost.GetAvailableMcuTypesAsync();
        await net.RunUntil(() => task.IsCompleted, TimeSpan.FromSeconds(20));
        Assert.ThrowsAsync<C3PRequestTimeoutException>(async () => await task.WaitAsync(SipConferenceNetwork.Bound));
    }

    [Test]
    public async Task Roster_VersionGap_IsRepairedWithAFullRefresh()
    {
        await using var net = Network();
        var ann = net.AddUser("ann");
        await net.Drive(ann.CreateConferenceAsync(NewConference()));
        var session = await net.Drive(ann.JoinAsync(FocusUri));
        var focus = (await net.Factory.GetFocusAsync("K7QW2Z9M"))!;
        await net.RunUntil(() => Equals(session.Roster, focus.GetDocument()));
        var current = session.Roster!;

        // A partial that skips versions (as after a lost NOTIFY) must not be merged but trigger a refresh.
        var gap = new ConferenceInfoDocument
        {
            Entity = FocusUri,
            State = ConferenceElementState.Partial,
            Version = current.Version + 3,
            Users = new ConferenceUsers { Users = ValueList.From([new ConferenceUser { Entity = "sip:ghost@example.org" }]) },
        };
        session.Apply(gap, snapshot: false);
        Assert.That(session.Roster, Is.EqualTo(current), "the gap left the roster as it was");

        // Meanwhile the focus moves on; the refresh brings the client to the focus's state.
        await net.Drive(session.LockAsync());
        await net.RunUntil(() => Equals(session.Roster, focus.GetDocument()));
        Assert.That(session.Roster, Is.EqualTo(focus.GetDocument()));
        Assert.That(session.Roster!.Users!.Users.Select(u => u.Entity), Does.Not.Contain("sip:ghost@example.org"));

        // A repeated (stale) version changes nothing and asks for nothing.
        var before = session.Roster;
        session.Apply(gap with { Version = before.Version }, snapshot: false);
        Assert.That(session.Roster, Is.SameAs(before));
    }
}
