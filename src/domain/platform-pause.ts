/** The kill switch of a platform, set by an operator (`herald pause`). */
export interface PlatformPause {
  reason: string;
  since: number;
  by?: string;
}
