import { z } from 'zod';

/** /elder-mode?on=1|0&back=/path — the 长辈模式 switch (src/handlers/elder-mode.ts). */
export const elderModeQuerySchema = z.object({
  on: z.enum(['1', '0'], { error: '参数 on（长辈模式开关）只能是 1 或 0' }).default('1'),
  /** The page to return to; anything but a path on this site is replaced by "/" (safeBack). */
  back: z.string().max(2000, '参数 back（返回页面）过长').optional(),
});
