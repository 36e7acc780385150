package dev.tcpstarter.push;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * This instance's open connections and their groups: group to members, member to groups,
 * connections by id and by listener. The listener reports each connection with
 * {@link #opened(PushMember)} and {@link #closed(PushMember)}, and
 * {@code TcpCaller.join/leave/groups} call {@link #join}, {@link #leave} and
 * {@link #groups}. A connection leaves every group when it closes, so nothing is kept for
 * a connection that is gone.
 * <p>
 * <b>Cost.</b> Lookups on the delivery path are lock-free and allocate nothing: a group
 * is an immutable array of members, replaced (copy-on-write) when a member joins or
 * leaves, so a join or leave costs O(members of that group) and a push to it a plain
 * array walk. The connections of a listener are a concurrent set, since every connect and
 * close changes them.
 * <p>
 * <b>Locking.</b> Each connection's {@link Entry} lock guards its own list of groups and
 * its closed flag; changes to a group's array happen under that lock too, atomically per
 * group in {@link ConcurrentHashMap#compute}. So a join racing the close of the same
 * connection either lands before the close (and is undone by it) or sees the connection
 * closed. The lock order is always entry, then map bin.
 */
public final class PushRegistry {

	private static final PushMember[] NO_MEMBERS = {};

	private final ConcurrentHashMap<String, Entry> connections = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, PushMember[]> groups = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, Set<PushMember>> listeners = new ConcurrentHashMap<>();

	/**
	 * Register an open connection. Until {@link #closed(PushMember)} it receives pushes
	 * addressed to its id and its listener, and it may join groups.
	 * @param member the connection
	 * @throws IllegalStateException if another open connection has the same id
	 */
	public void opened(PushMember member) {
		Entry entry = new Entry(member);
		Entry existing = this.connections.putIfAbsent(member.id(), entry);
		if (existing != null) {
			throw new IllegalStateException("Connection id '" + member.id() + "' is already registered for push");
		}
		this.listeners.computeIfAbsent(member.listenerName(), (name) -> ConcurrentHashMap.newKeySet()).add(member);
	}

	/**
	 * Forget a connection that closed: it leaves every group it joined and receives no
	 * further push. Does nothing for a connection that is not registered.
	 * @param member the connection
	 */
	public void closed(PushMember member) {
		Entry entry = this.connections.get(member.id());
		if (entry == null || entry.member != member || !this.connections.remove(member.id(), entry)) {
			return;
		}
		synchronized (entry) {
			entry.closed = true;
			List<String> joined = entry.groups;
			if (joined != null) {
				for (String group : joined) {
					removeFromGroup(group, member);
				}
				entry.groups = null;
			}
		}
		// the set is left in place when it empties: a listener's name is not a peer's
		// string, so their number is bounded by the configuration
		Set<PushMember> ofListener = this.listeners.get(member.listenerName());
		if (ofListener != null) {
			ofListener.remove(member);
		}
	}

	/**
	 * Add a connection to a group. Joining a group it is already in does nothing.
	 * @param group the group name, any non-empty string
	 * @param member the connection
	 * @return {@code true} if the connection is in the group now, {@code false} if it is
	 * not open (never registered, or closed)
	 * @throws IllegalArgumentException if the group name is null or empty
	 */
	public boolean join(String group, PushMember member) {
		checkGroup(group);
		Entry entry = entryOf(member);
		if (entry == null) {
			return false;
		}
		synchronized (entry) {
			if (entry.closed) {
				return false;
			}
			List<String> joined = entry.groups;
			if (joined == null) {
				joined = new ArrayList<>(2);
				entry.groups = joined;
			}
			else if (joined.contains(group)) {
				return true;
			}
			joined.add(group);
			this.groups.compute(group, (name, members) -> append(members, member));
			return true;
		}
	}

	/**
	 * Remove a connection from a group.
	 * @param group the group name
	 * @param member the connection
	 * @return {@code true} if the connection was in the group
	 * @throws IllegalArgumentException if the group name is null or empty
	 */
	public boolean leave(String group, PushMember member) {
		checkGroup(group);
		Entry entry = entryOf(member);
		if (entry == null) {
			return false;
		}
		synchronized (entry) {
			List<String> joined = entry.groups;
			if (entry.closed || joined == null || !joined.remove(group)) {
				return false;
			}
			removeFromGroup(group, member);
			return true;
		}
	}

	/**
	 * Return the groups a connection is in.
	 * @param member the connection
	 * @return a snapshot of its groups, in the order joined; empty once it is closed
	 */
	public Set<String> groups(PushMember member) {
		Entry entry = entryOf(member);
		if (entry == null) {
			return Collections.emptySet();
		}
		synchronized (entry) {
			List<String> joined = entry.groups;
			return (joined != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(joined)) : Collections.emptySet();
		}
	}

	/**
	 * Return the members of a group, for delivery. The array must not be modified.
	 */
	PushMember[] group(String group) {
		PushMember[] members = this.groups.get(group);
		return (members != null) ? members : NO_MEMBERS;
	}

	/**
	 * Return the open connection with an id, for delivery.
	 */
	@Nullable PushMember connection(String id) {
		Entry entry = this.connections.get(id);
		return (entry != null) ? entry.member : null;
	}

	/**
	 * Return the open connections of a listener, for delivery: a live view.
	 */
	Collection<PushMember> listener(String listenerName) {
		Set<PushMember> members = this.listeners.get(listenerName);
		return (members != null) ? members : Collections.emptySet();
	}

	/**
	 * Return the number of open connections registered.
	 */
	int connectionCount() {
		return this.connections.size();
	}

	/**
	 * Return the number of groups with at least one member.
	 */
	int groupCount() {
		return this.groups.size();
	}

	/**
	 * Return the number of connections registered per listener, added up.
	 */
	int listenerMemberCount() {
		return this.listeners.values().stream().mapToInt(Set::size).sum();
	}

	private @Nullable Entry entryOf(PushMember member) {
		Entry entry = this.connections.get(member.id());
		return (entry != null && entry.member == member) ? entry : null;
	}

	private void removeFromGroup(String group, PushMember member) {
		this.groups.computeIfPresent(group, (name, members) -> without(members, member));
	}

	private static PushMember[] append(PushMember @Nullable [] members, PushMember member) {
		if (members == null) {
			return new PushMember[] { member };
		}
		PushMember[] copy = Arrays.copyOf(members, members.length + 1);
		copy[members.length] = member;
		return copy;
	}

	// null removes the group from the map
	private static PushMember @Nullable [] without(PushMember[] members, PushMember member) {
		for (int i = 0; i < members.length; i++) {
			if (members[i] == member) {
				if (members.length == 1) {
					return null;
				}
				PushMember[] copy = new PushMember[members.length - 1];
				System.arraycopy(members, 0, copy, 0, i);
				System.arraycopy(members, i + 1, copy, i, members.length - i - 1);
				return copy;
			}
		}
		return members;
	}

	static void checkGroup(@Nullable String group) {
		if (group == null || group.isEmpty()) {
			throw new IllegalArgumentException(
					"Argument 'group' must be a non-empty string, but was " + ((group == null) ? "null" : "empty"));
		}
	}

	/**
	 * A registered connection and, under its lock, the groups it joined.
	 */
	private static final class Entry {

		final PushMember member;

		// guarded by this
		@Nullable List<String> groups;

		// guarded by this
		boolean closed;

		Entry(PushMember member) {
			this.member = member;
		}

	}

}
