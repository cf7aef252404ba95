using FsCheck;
using FsCheck.Fluent;
using static UcStack.Psom.Tests.PsomHarness;

namespace UcStack.Psom.Tests.Model;

[TestFixture]
public sealed class PsomConvergencePropertyTests
{
    [Test]
    public void ConcurrentRandomEdits_AllReplicasConvergeToServerTree()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => RunAsync(seed).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    [TestCase(1)]
    [TestCase(20261125)]
    public Task ConcurrentRandomEdits_FixedSeed_Converge(int seed) => RunAsync(seed);

    private static async Task RunAsync(int seed)
    {
        await using var h = new PsomHarness();
        var clients = new List<PsomClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await h.ConnectAsync("user" + i, i == 3 ? PsomRole.Attendee : PsomRole.Presenter));
        }

        // Each client runs its own deterministic script against whatever its replica shows at the time;
        // the scripts interleave freely, so conflicts, deletes under edits and lost parents all happen.
        await Task.WhenAll(clients.Select((c, i) => EditAsync(c, new Random(seed + i), 25)));
        var (treeVersion, server) = await h.Server.GetTreeAsync(Conference);
        foreach (var client in clients)
        {
            await EventuallyAsync(() => client.Replica.TreeVersion == treeVersion, "replica caught up to " + treeVersion);
            Assert.That(client.Replica.Objects.Values, Is.EquivalentTo(server), "seed " + seed);
        }
    }

    private static async Task EditAsync(PsomClient client, Random random, int steps)
    {
        for (var step = 0; step < steps; step++)
        {
            var objects = client.Replica.Objects.Values.ToList();
            var target = objects[random.Next(objects.Count)];
            try
            {
                switch (random.Next(4))
                {
                    case 0:
                    case 1:
                        var type = random.Next(3) switch { 0 => PsomObjectTypes.QuestionBoard, 1 => PsomObjectTypes.Question, _ => "x.item" };
                        await client.CreateAsync(target.Id, type, Props(("n", (long)random.Next(100))), persistent: target.Persistent && random.Next(2) == 0).WaitAsync(Guard);
                        break;
                    case 2:
                        var baseVersion = random.Next(3) == 0 ? -1 : target.Version;
                        await client.UpdateAsync(target.Id, baseVersion, Props(("n", (long)random.Next(100)), ("by", client.SessionId))).WaitAsync(Guard);
                        break;
                    default:
                        if (target.Id != PsomObjectIds.Root)
                        {
                            await client.DeleteAsync(target.Id, random.Next(2) == 0 ? -1 : target.Version).WaitAsync(Guard);
                        }

                        break;
                }
            }
            catch (PsomOperationException e) when (e.Code is PsomErrorCode.Conflict or PsomErrorCode.NotFound or PsomErrorCode.Forbidden or PsomErrorCode.InvalidArgument)
            {
                // Expected outcomes of racing edits; the tree must still converge.
            }
        }
    }
}
