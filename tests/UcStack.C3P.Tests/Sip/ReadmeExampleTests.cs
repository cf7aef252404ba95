using System.Net;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P.Tests.Sip;

/// <summary>The usage example of src/UcStack.C3P/README.md, compiled and run on the in-memory network.</summary>
public sealed class ReadmeExampleTests
{
    [Test]
    public async Task ReadmeUsage_RunsOnTheInMemoryNetwork()
    {
        await using var net = new SipConferenceNetwork(new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(5) });
        var serverEndpoint = net.AddEndpoint("focus2");
        var annEndpoint = net.AddEndpoint("ann");
        var target = new SipTransportTarget(SipTransportProtocol.Tcp, new IPEndPoint(serverEndpoint.ListenPoints[0].EndPoint.Address, 5060));
        var users = -1;
        await net.Drive(Example(net.Time, serverEndpoint, annEndpoint, target, n => Volatile.Write(ref users, n)));
        await net.RunUntil(() => Volatile.Read(ref users) == 1);
        Assert.That(Volatile.Read(ref users), Is.EqualTo(1));
    }

    private static async Task Example(TimeProvider time, SipEndpoint serverEndpoint, SipEndpoint annEndpoint, SipTransportTarget focusServerTcp, Action<int> onRoster)
    {
        // ---- README: Usage ----
        // Server side: a focus factory with the chat MCU, served on a SIP user agent.
        var factory = new ConferenceFocusFactory(new ConferenceFocusFactoryOptions { AvailableMcuTypes = ["chat"] }, timeProvider: time);
        await using var server = new C3PSipFocusServer(new SipUserAgent(serverEndpoint), factory);

        // Client side: create, join, watch the roster, chat, lock.
        var client = new C3PClient(new SipUserAgent(annEndpoint), new C3PClientOptions
        {
            UserUri = "sip:ann@example.org",
            FocusServer = focusServerTcp,
        });
        var created = await client.CreateConferenceAsync(new ConferenceInfoDocument
        {
            Description = new ConferenceDescription { Subject = "Design review" },
            ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = "chat" }]) },
        });
        await using var conference = await client.JoinAsync(created.Entity);
        conference.RosterChanged += (_, roster) => onRoster(roster?.Users?.Users.Count ?? 0);
        await conference.JoinChatAsync();
        await conference.SendChatAsync("hello");
        await conference.LockAsync();
        // ---- end ----
    }
}
