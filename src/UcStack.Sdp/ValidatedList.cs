using System.Collections.ObjectModel;

namespace UcStack.Sdp;

/// <summary>Factory helpers.</summary>
internal static class ValidatedList
{
    public static ValidatedList<T> NotNull<T>()
        where T : class => new(static (value, name) => value ?? throw new ArgumentNullException(name));
}

/// <summary>A list that checks each item on the way in, so the writer never meets a value it cannot write.</summary>
internal sealed class ValidatedList<T> : Collection<T>
{
    private readonly Func<T, string, T> _validate;

    public ValidatedList(Func<T, string, T> validate)
        : base(new List<T>())
    {
        _validate = validate;
    }

    internal void AddParsed(T item) => Items.Add(item);

    protected override void InsertItem(int index, T item) => base.InsertItem(index, _validate(item, nameof(item)));

    protected override void SetItem(int index, T item) => base.SetItem(index, _validate(item, nameof(item)));
}
