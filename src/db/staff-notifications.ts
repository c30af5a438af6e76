import { sql } from './client';

/**
 * Internal reminders for supervisors, written by the scheduled jobs (src/server/jobs.ts): one
 * row per subject and day, so a job run twice on a day reminds once.
 */

/** Complaints past their current deadline (accept for 待受理, close for 已受理/调查中) on `today`: one reminder each for its 承办人 (or the administrators). */
export async function remindOverdueComplaints(today: string): Promise<number> {
  const rows = await sql`
    INSERT INTO staff_notifications (supervisor_id, kind, subject, message, on_day)
    SELECT c.assigned_to, 'complaint.overdue', c.id::text,
           '投诉 ' || c.tracking_no || CASE WHEN c.status = '待受理' THEN ' 已超过受理期限（' || c.accept_due || '）'
                                          ELSE ' 已超过办结期限（' || c.close_due || '）' END,
           ${today}::date
      FROM complaints c
     WHERE (c.status = '待受理' AND c.accept_due < ${today}::date)
        OR (c.status IN ('已受理', '调查中') AND c.close_due < ${today}::date)
    ON CONFLICT DO NOTHING
    RETURNING id`;
  return rows.length;
}

/** The quarterly reminder to publish the last quarter's points (for the administrators). */
export async function remindPointsPublication(quarter: string, today: string): Promise<number> {
  const rows = await sql`
    INSERT INTO staff_notifications (supervisor_id, kind, subject, message, on_day)
    VALUES (NULL, 'points.publish', ${quarter}, ${`请核对并公示 ${quarter} 的不良执业行为记分（季度记分公示）。`}, ${today}::date)
    ON CONFLICT DO NOTHING
    RETURNING id`;
  return rows.length;
}

export interface StaffNotification {
  id: number;
  kind: string;
  message: string;
  onDay: string;
  supervisor: string | null;
}

export async function recentStaffNotifications(limit: number): Promise<StaffNotification[]> {
  return sql<StaffNotification[]>`
    SELECT n.id::int AS id, n.kind, n.message, n.on_day::text AS "onDay", s.display_name AS supervisor
      FROM staff_notifications n LEFT JOIN supervisors s ON s.id = n.supervisor_id
     ORDER BY n.created_at DESC LIMIT ${limit}`;
}
