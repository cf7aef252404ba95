using UcStack.Tool;

namespace UcStack.Tool.Tests;

/// <summary>README's first command, run as a test: every step of the loopback demo must succeed.</summary>
public sealed class DemoCommandTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Demo_OnLoopback_EveryStepSucceeds()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ToolApp.RunAsync(["demo"], stdout, stderr);
        var output = stdout.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, output + stderr);
            Assert.That(output, Does.Contain("mapped: 127.0.0.1:"));
            Assert.That(output, Does.Contain("registrar: 1 challenge(s) sent, binding sip:alice@example.org -> sip:alice@127.0.0.1:"));
            Assert.That(output, Does.Contain("answered 180 Ringing then 200 OK"));
            Assert.That(output, Does.Contain("call ended: bob LocalHangUp, alice RemoteHangUp"));
            Assert.That(output, Does.Contain("no binding left for sip:alice@example.org"));
            Assert.That(output, Does.Contain("alice: 50 authenticated, 0 lost, 2 rejected, tone ≈ 440 Hz"));
            Assert.That(output, Does.Contain("replay: Replayed; tampered: AuthenticationFailed"));
            Assert.That(output, Does.Contain("summary: all 8 steps succeeded"));
        });
    }
}
