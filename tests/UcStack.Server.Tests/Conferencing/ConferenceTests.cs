using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UcStack.C3P;
using UcStack.Psom;
using UcStack.Tls;

namespace UcStack.Server.Tests.Conferencing;

/// <summary>Conferencing through the server: the focus factory and focus on the server's endpoint, the chat MCU,
/// and the meeting MCU whose dial-in hands out Psom admission tokens that the server's Psom listener accepts.</summary>
[TestFixture]
public sealed class ConferenceTests
{
    private static readonly TimeSpan Bound = TestUser.Bound;
    private readonly List<IAsyncDisposable> _cleanup = [];

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
    }

    private async Task<TestServer> StartServer()
    {
        var host = await TestServer.StartAsync();
        _cleanup.Add(host);
        return host;
    }

    private async Task<(TestUser User, C3PClient C3P)> Join(TestServer host, string name, bool register = true, string? password = null)
    {
        var user = TestUser.Start(host, name, password);
        _cleanup.Add(user);
        if (register) await user.RegisterAsync();
        var client = new C3PClient(user.Agent, new C3PClientOptions { UserUri = user.Uri, FocusServer = user.Server, ServiceServer = user.Server, RequestTimeout = Bound });
        _cleanup.Add(client);
        return (user, client);
    }

    private static ConferenceInfoDocument NewConference(params string[] mcus) => new()
    {
        Description = new ConferenceDescription { Subject = "Design review" },
        ConferenceView = new ConferenceView { EntityViews = ValueList.From(mcus.Select(m => new EntityView { Entity = m })) },
    };

    /// <summary>Waits (bounded) until every session's roster shows <paramref name="users"/> users, woken by roster changes.</summary>
    private static async Task WaitForRosters(int users, params C3PConference[] sessions)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(object? sender, ConferenceInfoDocument? document)
        {
            if (sessions.All(s => s.Roster?.Users?.Users.Count == users)) done.TrySetResult();
        }

        foreach (var session in sessions) session.RosterChanged += Check;
        try
        {
            Check(null, null);
            await done.Task.WaitAsync(Bound);
        }
        finally
        {
            foreach (var session in sessions) session.RosterChanged -= Check;
        }
    }

    [Test]
    public async Task Conference_CreateJoinSubscribeAndChat_ThroughTheServer()
    {
        var host = await StartServer();
        var (alice, aliceC3P) = await Join(host, "alice");
        var (bob, bobC3P) = await Join(host, "bob");

        var created = await aliceC3P.CreateConferenceAsync(NewConference("chat")).WaitAsync(Bound);
        var focusUri = created.Entity;
        Assert.That(C3PAddress.TryParse(focusUri, out var focus) && focus.Kind == C3PAddressKind.Focus && focus.UserUri == alice.Uri, Is.True, focusUri);
        Assert.That(await host.Services.GetRequiredService<ConferenceFocusFactory>().GetFocusAsync(focus!.ConferenceId!), Is.Not.Null, "the DI focus factory is the one serving");

        var aliceIn = await aliceC3P.JoinAsync(focusUri).WaitAsync(Bound);
        var bobIn = await bobC3P.JoinAsync(focusUri).WaitAsync(Bound);
        _cleanup.Add(aliceIn);
        _cleanup.Add(bobIn);
        Assert.That(aliceIn.JoinedAs!.Roles, Is.EqualTo(new[] { "presenter" }));
        Assert.That(bobIn.JoinedAs!.Roles, Is.EqualTo(new[] { "attendee" }));

        // The conference subscription (SUBSCRIBE to the focus through the server) shows both users to each.
        await WaitForRosters(2, aliceIn, bobIn);

        // IM in the conference: the chat MCU fans a message out to the other member.
        await aliceIn.JoinChatAsync().WaitAsync(Bound);
        await bobIn.JoinChatAsync().WaitAsync(Bound);
        var received = new TaskCompletionSource<C3PChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        bobIn.ChatMessageReceived += (_, message) => received.TrySetResult(message);
        await aliceIn.SendChatAsync("hello bob").WaitAsync(Bound);
        var message = await received.Task.WaitAsync(Bound);
        Assert.That(message.Text, Is.EqualTo("hello bob"));
        Assert.That(message.Sender, Is.EqualTo(alice.Uri));

        // The ordinary proxy still routes calls and IM between users: only conferencing URIs go to the focus.
        var inbox = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = bob.Endpoint.RequestReceived;
        bob.Endpoint.RequestReceived = async request =>
        {
            if (request.Request.MethodKind == UcStack.Sip.SipMethodKind.Message && C3PAddress.TryParse(request.Request.From.Uri?.ToString(), out _) is false)
            {
                inbox.TrySetResult(System.Text.Encoding.UTF8.GetString(request.Request.Body.Span));
                await request.RespondAsync(200);
            }
            else if (previous is not null)
            {
                await previous(request);
            }
        };
        using (var sent = await alice.Agent.SendMessageAsync(bob.Uri, "direct"u8.ToArray(), target: alice.Server).WaitAsync(Bound))
            Assert.That(sent.StatusCode, Is.EqualTo(200));
        Assert.That(await inbox.Task.WaitAsync(Bound), Is.EqualTo("direct"));
    }

    [Test]
    public async Task AddConference_WithWrongPassword_IsRefused()
    {
        var host = await StartServer();
        var (_, mallory) = await Join(host, "alice", register: false, password: "guess");
        var refused = Assert.ThrowsAsync<C3PSipException>(async () => await mallory.CreateConferenceAsync(NewConference("chat")).WaitAsync(Bound));
        Assert.That(refused!.StatusCode, Is.EqualTo(407).Or.EqualTo(403));
    }

    [Test]
    public async Task MeetingDialIn_TokenFromTheFocus_AdmitsToPsomInTheGrantedRole()
    {
        var host = await StartServer();
        var (alice, aliceC3P) = await Join(host, "alice");
        var (bob, bobC3P) = await Join(host, "bob");
        var focusUri = (await aliceC3P.CreateConferenceAsync(NewConference("chat", "meeting")).WaitAsync(Bound)).Entity;
        var aliceIn = await aliceC3P.JoinAsync(focusUri).WaitAsync(Bound);
        var bobIn = await bobC3P.JoinAsync(focusUri).WaitAsync(Bound);
        _cleanup.Add(aliceIn);
        _cleanup.Add(bobIn);

        var aliceMeeting = await DialIn(aliceIn, alice);
        var bobMeeting = await DialIn(bobIn, bob);
        Assert.That(aliceMeeting.Role, Is.EqualTo("presenter"));
        Assert.That(bobMeeting.Role, Is.EqualTo("attendee"));
        Assert.That(aliceMeeting.User, Is.EqualTo(alice.Uri));

        await using var presenter = await ConnectPsom(host, aliceMeeting.ContentServerUrl, aliceIn.ConferenceId, aliceMeeting.User, PsomRole.Presenter, aliceMeeting.Token);
        await using var attendee = await ConnectPsom(host, bobMeeting.ContentServerUrl, bobIn.ConferenceId, bobMeeting.User, PsomRole.Attendee, bobMeeting.Token);
        var sessions = host.Services.GetRequiredService<PsomServer>().Sessions;
        Assert.That(sessions.Select(s => (s.ConferenceId, s.User, s.Role)), Is.EquivalentTo(new[]
        {
            (aliceIn.ConferenceId, alice.Uri, PsomRole.Presenter),
            (bobIn.ConferenceId, bob.Uri, PsomRole.Attendee),
        }));

        // The attendee's token does not make a presenter.
        var wrongRole = Assert.ThrowsAsync<PsomOperationException>(async () =>
            await ConnectPsom(host, bobMeeting.ContentServerUrl, bobIn.ConferenceId, bobMeeting.User, PsomRole.Presenter, bobMeeting.Token));
        Assert.That(wrongRole!.Code, Is.EqualTo(PsomErrorCode.AdmissionDenied));
    }

    [TestCase("expired")]
    [TestCase("forged")]
    [TestCase("other-conference")]
    public async Task Psom_TokenNotFromTheFocusForThisConference_IsRefused(string kind)
    {
        var host = await StartServer();
        var (_, aliceC3P) = await Join(host, "alice");
        var focusUri = (await aliceC3P.CreateConferenceAsync(NewConference("meeting")).WaitAsync(Bound)).Entity;
        var aliceIn = await aliceC3P.JoinAsync(focusUri).WaitAsync(Bound);
        _cleanup.Add(aliceIn);
        var meeting = await DialIn(aliceIn, null);
        var key = host.Services.GetRequiredService<PsomAdmissionKey>();
        using var otherKey = PsomAdmissionKey.CreateRandom();
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var token = kind switch
        {
            "expired" => PsomAdmissionToken.Issue(key, aliceIn.ConferenceId, meeting.User, PsomRole.Presenter, TimeSpan.FromMinutes(5), anHourAgo),
            "forged" => PsomAdmissionToken.Issue(otherKey, aliceIn.ConferenceId, meeting.User, PsomRole.Presenter, TimeSpan.FromMinutes(5)),
            _ => PsomAdmissionToken.Issue(key, "OTHERCONF42", meeting.User, PsomRole.Presenter, TimeSpan.FromMinutes(5)),
        };

        var refused = Assert.ThrowsAsync<PsomOperationException>(async () =>
            await ConnectPsom(host, meeting.ContentServerUrl, aliceIn.ConferenceId, meeting.User, PsomRole.Presenter, token));
        Assert.That(refused!.Code, Is.EqualTo(PsomErrorCode.AdmissionDenied));

        // The genuine token from the focus still works.
        await using var admitted = await ConnectPsom(host, meeting.ContentServerUrl, aliceIn.ConferenceId, meeting.User, PsomRole.Presenter, meeting.Token);
        Assert.That(admitted.SessionId, Is.Positive);
    }

    private static async Task<MeetingConnection> DialIn(C3PConference conference, TestUser? user)
    {
        var response = await conference.ExecuteAsync(ConferenceMeetingMcu.DialIn(conference.FocusUri, user?.Uri ?? conference.JoinedAs!.Entity)).WaitAsync(Bound);
        Assert.That(ConferenceMeetingMcu.TryReadConnection(response.Command as AddUserCommand, out var connection), Is.True, "connection-info with the Psom keys");
        return connection!;
    }

    private static async Task<PsomClient> ConnectPsom(TestServer host, string url, string conferenceId, string user, PsomRole role, byte[] token)
    {
        var uri = new Uri(url);
        Assert.That(uri.Scheme, Is.EqualTo("psom"));
        Assert.That(uri.AbsolutePath.Trim('/'), Is.EqualTo(conferenceId));
        var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(Bound);
        try
        {
            await tcp.ConnectAsync(uri.Host, uri.Port, cts.Token);
            var certificate = host.Services.GetRequiredService<ServerCertificate>().Certificate;
            return await PsomClient.ConnectTlsAsync(
                tcp.GetStream(),
                new TlsClientOptions { TargetHost = "example.org", PinnedCertificates = [certificate] },
                new PsomClientOptions { ConferenceId = conferenceId, User = user, Role = role, Token = token },
                cancellationToken: cts.Token);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
