using System.Collections.Concurrent;
using System.Text;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.C3P.Tests.Sip;

/// <summary>The focus server's <see cref="C3PSipFocusServerOptions.AuthorizeAsync"/> hook: it sees every served
/// request first, may answer it (a challenge), refuse it (403), or name the caller.</summary>
public sealed class C3PSipFocusServerAuthorizationTests
{
    private static ConferenceInfoDocument NewConference() => new()
    {
        Description = new ConferenceDescription { ConferenceId = "K7QW2Z9M" },
        ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = "chat" }]) },
    };

    private static (SipConferenceNetwork Net, ConcurrentQueue<string> Seen) Network()
    {
        var seen = new ConcurrentQueue<string>();
        var net = new SipConferenceNetwork(
            new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(5) },
            serverOptions: new C3PSipFocusServerOptions
            {
                AuthorizeAsync = async incoming =>
                {
                    var from = incoming.Request.From.Uri!.ToString();
                    seen.Enqueue(incoming.Request.Method + " " + from);
                    if (from.StartsWith("sip:bob@", StringComparison.Ordinal))
                    {
                        // The hook answers itself, as a digest challenge would.
                        await incoming.RespondAsync(401, "Who Are You");
                        return null;
                    }

                    return from.StartsWith("sip:carol@", StringComparison.Ordinal) ? null : new C3PCaller(from, true);
                },
            });
        return (net, seen);
    }

    [Test]
    public async Task AuthorizeAsync_NamesTheCaller_ForServiceInviteAndSubscribe()
    {
        var (net, seen) = Network();
        await using (net)
        {
            var ann = net.AddUser("ann");
            var created = await net.Drive(ann.CreateConferenceAsync(NewConference()));
            var joined = await net.Drive(ann.JoinAsync(created.Entity));
            await net.RunUntil(() => joined.Roster is not null);
            Assert.That(seen, Is.SupersetOf(new[] { "SERVICE sip:ann@example.org", "INVITE sip:ann@example.org", "SUBSCRIBE sip:ann@example.org" }));
        }
    }

    [Test]
    public async Task AuthorizeAsync_AnswersItself_FocusDoesNotAnswerAgain()
    {
        var (net, _) = Network();
        await using (net)
        {
            var bob = net.AddUser("bob");
            var failure = Assert.ThrowsAsync<C3PSipException>(async () => await net.Drive(bob.CreateConferenceAsync(NewConference())));
            Assert.That(failure!.StatusCode, Is.EqualTo(401));
            Assert.That(net.Factory.Options, Is.Not.Null);
            Assert.That(await net.Factory.GetFocusAsync("K7QW2Z9M"), Is.Null, "nothing was provisioned");
        }
    }

    [Test]
    public async Task AuthorizeAsync_NoCallerNoAnswer_Is403()
    {
        var (net, _) = Network();
        await using (net)
        {
            var carol = net.AddUser("carol");
            var endpoint = carol.Agent.Endpoint;
            var chat = C3PAddress.Mcu("sip:ann@example.org", "chat", "K7QW2Z9M");
            var message = endpoint.CreateRequest("MESSAGE", chat, chat, SipTransportProtocol.Tcp).SetBody(Encoding.UTF8.GetBytes("hi"), "text/plain").Build();
            using var response = await net.Drive(endpoint.SendRequestAsync(message, SipConferenceNetwork.ServerTcp));
            Assert.That(response.StatusCode, Is.EqualTo(403));
        }
    }
}
