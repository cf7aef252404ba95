using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary>Calls and messages over the transport layer's own deterministic in-memory network (UDP with latency
/// and loss, and TCP), to check the UA against the real transport contract implementation.</summary>
[TestFixture]
public sealed class SipUserAgentInMemoryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\n");

    private static async Task RunUntil(FakeTimeProvider time, SipEndpoint[] endpoints, Func<bool> done, TimeSpan limit)
    {
        for (var t = TimeSpan.Zero; t < limit && !done(); t += TimeSpan.FromMilliseconds(10))
        {
            foreach (var endpoint in endpoints) await endpoint.FlushAsync().WaitAsync(Bound);
            time.Advance(TimeSpan.FromMilliseconds(10));
            foreach (var endpoint in endpoints) await endpoint.FlushAsync().WaitAsync(Bound);
            await Task.Yield();
        }
    }

    [TestCase("", 0.0)]
    [TestCase("", 0.3)]
    [TestCase(";transport=tcp", 0.0)]
    public async Task Call_SetUpAndTearDown(string transport, double loss)
    {
        var time = new FakeTimeProvider();
        using var network = new SipInMemoryNetwork(seed: 11, time)
        {
            DefaultLink = new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(20), LossRate = loss },
        };
        var alice = new SipEndpoint(network.AddNode(IPAddress.Parse("10.0.0.1")), new SipEndpointOptions { LocalUri = "sip:alice@10.0.0.1", ContactUser = "alice" }, time);
        var bob = new SipEndpoint(network.AddNode(IPAddress.Parse("10.0.0.2")), new SipEndpointOptions { LocalUri = "sip:bob@10.0.0.2", ContactUser = "bob" }, time);
        var endpoints = new[] { alice, bob };
        try
        {
            alice.Start();
            bob.Start();
            var aliceAgent = new SipUserAgent(alice);
            var bobAgent = new SipUserAgent(bob);
            SipCall? bobCall = null;
            bobAgent.IncomingCall = async call =>
            {
                bobCall = call;
                await call.RingAsync();
                await call.AcceptAsync(Offer, "application/sdp");
            };

            var call = await aliceAgent.StartCallAsync("sip:bob@10.0.0.2:5060" + transport, Offer, "application/sdp");
            await RunUntil(time, endpoints, () => call.Established.IsCompleted && bobCall?.Established.IsCompleted == true, TimeSpan.FromSeconds(30));
            await call.Established.WaitAsync(Bound);
            await bobCall!.Established.WaitAsync(Bound);

            var message = aliceAgent.SendMessageAsync("sip:bob@10.0.0.2:5060" + transport, Encoding.UTF8.GetBytes("hi"));
            await RunUntil(time, endpoints, () => message.IsCompleted, TimeSpan.FromSeconds(30));
            using (var response = await message.WaitAsync(Bound))
            {
                Assert.That(response.StatusCode, Is.EqualTo(405), "no MESSAGE handler: 405 with Allow");
            }

            // HangUpAsync completes with the BYE's final response, which needs the clock to move.
            var hangUp = call.HangUpAsync();
            await RunUntil(time, endpoints, () => hangUp.IsCompleted && bobCall.Ended.IsCompleted, TimeSpan.FromSeconds(30));
            await hangUp.WaitAsync(Bound);
            Assert.That((await bobCall.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        }
        finally
        {
            await alice.DisposeAsync();
            await bob.DisposeAsync();
        }
    }

    [Test]
    public async Task AcceptsRequest_DeclinedInviteAndSubscribe_GoToRequestReceived()
    {
        var time = new FakeTimeProvider();
        using var network = new SipInMemoryNetwork(seed: 5, time);
        var alice = new SipEndpoint(network.AddNode(IPAddress.Parse("10.0.0.1")), new SipEndpointOptions { LocalUri = "sip:alice@10.0.0.1", ContactUser = "alice" }, time);
        var server = new SipEndpoint(network.AddNode(IPAddress.Parse("10.0.0.2")), new SipEndpointOptions { LocalUri = "sip:server@10.0.0.2" }, time);
        var endpoints = new[] { alice, server };
        try
        {
            alice.Start();
            server.Start();
            var aliceAgent = new SipUserAgent(alice);

            // The agent takes only requests for the "focus" user; everything else reaches the application handler.
            var serverAgent = new SipUserAgent(server) { AcceptsRequest = request => request.RequestUriText.StartsWith("sip:focus@", StringComparison.Ordinal) };
            var taken = new List<string>();
            var passedOn = new List<string>();
            serverAgent.IncomingCall = async call =>
            {
                lock (taken) taken.Add(call.Invite!.Request.RequestUriText);
                await call.RejectAsync(486);
            };
            server.RequestReceived = async incoming =>
            {
                lock (passedOn) passedOn.Add(incoming.Request.Method + " " + incoming.Request.RequestUriText);
                await incoming.RespondAsync(404);
            };

            var toFocus = aliceAgent.PlaceCallAsync("sip:focus@10.0.0.2:5060", Offer, "application/sdp");
            var toOther = aliceAgent.PlaceCallAsync("sip:bob@10.0.0.2:5060", Offer, "application/sdp");
            var subscribe = aliceAgent.SubscribeAsync("sip:bob@10.0.0.2:5060", "presence", TimeSpan.FromMinutes(5));
            await RunUntil(time, endpoints, () => subscribe.IsCompleted && toFocus.IsCompleted && toOther.IsCompleted, TimeSpan.FromSeconds(30));
            Assert.That(taken, Is.EqualTo(new[] { "sip:focus@10.0.0.2:5060" }));
            Assert.That(passedOn, Is.EquivalentTo(new[] { "INVITE sip:bob@10.0.0.2:5060", "SUBSCRIBE sip:bob@10.0.0.2:5060" }));
            Assert.That(async () => await subscribe.WaitAsync(Bound), Throws.InstanceOf<SipSubscriptionException>());
            Assert.That(async () => await toFocus.WaitAsync(Bound), Throws.InstanceOf<SipCallFailedException>().With.Message.Contains("486"));
            Assert.That(async () => await toOther.WaitAsync(Bound), Throws.InstanceOf<SipCallFailedException>().With.Message.Contains("404"));
        }
        finally
        {
            await alice.DisposeAsync();
            await server.DisposeAsync();
        }
    }
}
