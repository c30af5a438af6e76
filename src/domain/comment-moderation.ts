/** The states of a rating's comment in moderation, in the order the moderation tabs show them. */
export const COMMENT_STATUSES = ['待审核', '已公开', '已隐藏'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
