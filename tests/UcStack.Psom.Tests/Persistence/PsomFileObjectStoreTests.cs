namespace UcStack.Psom.Tests.Persistence;

[TestFixture]
public sealed class PsomFileObjectStoreTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("psom-store-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static PsomStoredState State(long version) => new()
    {
        TreeVersion = version,
        NextId = 3,
        Objects =
        [
            new PsomObject { Id = 1, ParentId = 0, TypeName = PsomObjectTypes.Conference, Version = 1, Persistent = true },
            new PsomObject { Id = 2, ParentId = 1, TypeName = PsomObjectTypes.SlideDeck, Version = version, Persistent = true, Owner = "alice", Properties = PsomHarness.Props(("title", "Q4 / \"é\""), ("key", PsomValue.FromBytes([1, 2, 3]))) },
        ],
    };

    [Test]
    public async Task Save_ThenLoad_RoundTrips_LeavesNoTempFiles()
    {
        var store = new PsomFileObjectStore(_directory);
        await store.SaveAsync("conf/../x", State(4));
        await store.SaveAsync("conf/../x", State(5));
        var loaded = await new PsomFileObjectStore(_directory).LoadAsync("conf/../x");
        Assert.That(loaded!.TreeVersion, Is.EqualTo(5));
        Assert.That(loaded.Objects, Is.EqualTo(State(5).Objects));
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1));
        Assert.That(Path.GetDirectoryName(store.PathFor("conf/../x")), Is.EqualTo(_directory));
    }

    [Test]
    public async Task Load_Missing_ReturnsNull()
    {
        Assert.That(await new PsomFileObjectStore(_directory).LoadAsync("none"), Is.Null);
    }

    [Test]
    public async Task Load_CorruptFile_ThrowsInvalidData()
    {
        var store = new PsomFileObjectStore(_directory);
        await store.SaveAsync("c", State(1));
        var path = store.PathFor("c");
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[20] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);
        Assert.ThrowsAsync<InvalidDataException>(async () => await store.LoadAsync("c"));
        await File.WriteAllBytesAsync(path, bytes.AsSpan(0, 10).ToArray());
        Assert.ThrowsAsync<InvalidDataException>(async () => await store.LoadAsync("c"));
    }
}
