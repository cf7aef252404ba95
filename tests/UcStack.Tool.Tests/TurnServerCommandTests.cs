using System.Net;
using UcStack.Tool.Turn;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Tool.Tests;

public sealed class TurnServerCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static TurnServerSettings Settings(int maxAllocationsPerUser) =>
        new("127.0.0.1:0", "example.org", ["alice:alicepass"], null, true, null, false, maxAllocationsPerUser);

    [Test]
    public async Task Server_MaxAllocationsPerUser_RefusesTheNextAllocationWith486()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        using var timeout = new CancellationTokenSource(Bound);
        var started = new TaskCompletionSource<TurnServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = TurnServerCommand.RunAsync(Settings(maxAllocationsPerUser: 1), output, error, s => started.TrySetResult(s), stop.Token);
        var clients = new List<TurnClient>();
        try
        {
            var first = await Task.WhenAny(started.Task, run).WaitAsync(Bound);
            if (first != started.Task) Assert.Fail($"server stopped early ({await run}): {error}");
            var server = await started.Task;
            for (var i = 0; i < 2; i++)
            {
                clients.Add(await TurnClient.ConnectAsync(new TurnClientOptions { Server = server.LocalEndPoint, Username = "alice", Password = "alicepass" }, timeout.Token));
            }

            await clients[0].AllocateAsync(timeout.Token);
            var refused = Assert.ThrowsAsync<TurnException>(async () => await clients[1].AllocateAsync(timeout.Token));
            Assert.That(refused!.ErrorCode, Is.EqualTo(486));
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
            await stop.CancelAsync();
        }

        Assert.That(await run.WaitAsync(Bound), Is.Zero);
    }

    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("many")]
    public async Task Server_MaxAllocationsPerUserInvalid_ExitsTwo(string value)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ToolApp.RunAsync(["turn", "server", "--listen", "127.0.0.1:0", "--realm", "r", "--user", "a:b", "--max-allocations-per-user", value], output, error);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.Not.Empty);
    }
}
