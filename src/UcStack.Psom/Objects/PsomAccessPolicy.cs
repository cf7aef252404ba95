namespace UcStack.Psom;

/// <summary>
/// Who may change what, from conference roles: presenters create, modify and delete anything but the root;
/// attendees only where the ready-made object types allow (poll votes while a poll is open, Q&amp;A
/// questions, strokes on a whiteboard that allows attendees to draw), and may then edit or delete only
/// what they created themselves. Immutable; one instance may serve many conferences.
/// </summary>
public sealed class PsomAccessPolicy
{
    /// <summary>The rules described above.</summary>
    public static PsomAccessPolicy Default { get; } = new();

    /// <summary>When false, attendees may create nothing at all (a lecture with Q&amp;A and polls off). Default true.</summary>
    public bool AttendeesMayCreate { get; init; } = true;

    /// <summary>When false, attendees may not edit or delete even what they created. Default true.</summary>
    public bool AttendeesMayEditOwn { get; init; } = true;

    /// <summary>Whether <paramref name="user"/> with <paramref name="role"/> may create a <paramref name="typeName"/> under <paramref name="parent"/>.</summary>
    /// <param name="role">The session's role.</param>
    /// <param name="user">The session's user.</param>
    /// <param name="parent">The would-be parent.</param>
    /// <param name="typeName">The new object's type.</param>
    /// <returns>Whether it is allowed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool CanCreate(PsomRole role, string user, PsomObject parent, string typeName)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(typeName);
        if (string.Equals(typeName, PsomObjectTypes.Conference, StringComparison.Ordinal))
        {
            return false;
        }

        if (role == PsomRole.Presenter)
        {
            return true;
        }

        if (!AttendeesMayCreate)
        {
            return false;
        }

        return (parent.TypeName, typeName) switch
        {
            (PsomObjectTypes.Poll, PsomObjectTypes.PollVote) => !IsTrue(parent["closed"]),
            (PsomObjectTypes.QuestionBoard, PsomObjectTypes.Question) => true,
            (PsomObjectTypes.Whiteboard, PsomObjectTypes.Stroke) => IsTrue(parent["attendeesMayDraw"]),
            _ => false,
        };
    }

    /// <summary>Whether the session may change <paramref name="target"/>'s properties.</summary>
    /// <param name="role">The session's role.</param>
    /// <param name="user">The session's user.</param>
    /// <param name="target">The object.</param>
    /// <param name="parent">Its parent, or null for the root.</param>
    /// <returns>Whether it is allowed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public bool CanUpdate(PsomRole role, string user, PsomObject target, PsomObject? parent)
    {
        ArgumentNullException.ThrowIfNull(target);
        return role == PsomRole.Presenter || IsOwnAttendeeObject(user, target, parent);
    }

    /// <summary>Whether the session may delete <paramref name="target"/> and its subtree.</summary>
    /// <param name="role">The session's role.</param>
    /// <param name="user">The session's user.</param>
    /// <param name="target">The object.</param>
    /// <param name="parent">Its parent, or null for the root.</param>
    /// <returns>Whether it is allowed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public bool CanDelete(PsomRole role, string user, PsomObject target, PsomObject? parent)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Id == PsomObjectIds.Root)
        {
            return false;
        }

        return role == PsomRole.Presenter || IsOwnAttendeeObject(user, target, parent);
    }

    private bool IsOwnAttendeeObject(string user, PsomObject target, PsomObject? parent) =>
        AttendeesMayEditOwn
        && target.Owner.Length > 0
        && string.Equals(target.Owner, user, StringComparison.Ordinal)
        && parent is not null
        && CanCreate(PsomRole.Attendee, user, parent, target.TypeName);

    private static bool IsTrue(PsomValue value) => value.Kind == PsomValueKind.Boolean && value.AsBoolean();
}
