/** What a single-use token is for; each has its own mail template. */
export type MailPurpose = 'password-reset' | 'email-verification' | 'invite'

/** A message carrying a single-use token to the address it proves. */
export interface TokenMail {
  readonly tenantId: string
  readonly to: string
  readonly purpose: MailPurpose
  /** The secret token; only its hash is stored. */
  readonly token: string
  readonly expiresAt: Date
}

/**
 * Sends the mails of the account flows (reset, verification, invites). The API never returns these
 * tokens in a response: whoever holds the mailbox holds the token.
 */
export interface Mailer {
  send(mail: TokenMail): Promise<void>
}

/** The slice of a logger {@link createLogMailer} writes to. */
interface MailLog {
  info(fields: object, message: string): void
}

/**
 * A development mailer: writes each mail, token included, to the log, so a developer running the
 * embedded server can finish a reset or an invite. Configure a real mailer in production.
 */
export function createLogMailer(logger: MailLog): Mailer {
  return {
    send(mail) {
      logger.info(
        {
          mail: {
            tenantId: mail.tenantId,
            to: mail.to,
            purpose: mail.purpose,
            // Not under a key named `token`: the logger redacts those, and here showing it is the point.
            oneTimeToken: mail.token,
            expiresAt: mail.expiresAt.toISOString(),
          },
        },
        'mail (development mailer: not sent)',
      )
      return Promise.resolve()
    },
  }
}
